/* ddsketch_mapping.c - DDSketch's logarithmic key mapping, computed with the same
 * floating-point operations as sketches-py 3.0.1 (ddsketch/mapping.py) so that keys
 * and bin values match bit for bit. */
#include "ddsketch.h"
#include <float.h>
#include <math.h>
#include <string.h>

int llmmi_mapping_init(llmmi_mapping *m, double alpha)
{
    double gamma_mantissa;
    uint64_t lo, hi;
    if (!(alpha >= 1e-6 && alpha <= 0.5)) return LLMM_EDOMAIN;
    /* mapping.py KeyMapping.__init__: gamma = 1 + 2a/(1-a),
     * multiplier = 1/log1p(gamma_mantissa), then LogarithmicMapping.__init__
     * multiplies it by log(2). */
    gamma_mantissa = 2 * alpha / (1 - alpha);
    m->alpha = alpha;
    m->gamma = 1 + gamma_mantissa;
    m->multiplier = 1 / log1p(gamma_mantissa);
    m->multiplier *= log(2.0);
    m->value_scale = 2.0 / (1 + m->gamma);
    m->min_possible = DBL_MIN * m->gamma;
    m->max_possible = DBL_MAX / m->gamma;
    m->key_half_margin = 0.5 - 4e-8 * m->multiplier; /* ddsketch.h, llmmi_mapping_key_fast */
    memcpy(&lo, &m->min_possible, sizeof lo);
    memcpy(&hi, &m->max_possible, sizeof hi);
    m->store_lo = lo + 1;
    m->store_span = hi - lo - 1;
    return LLMM_OK;
}

/* mapping.py KeyMapping.key + LogarithmicMapping._log_gamma:
 * int(ceil(math.log(value, 2) * multiplier) + 0.0); Python's math.log(x, 2) is
 * log(x) / log(2.0). Caller guarantees min_possible < v <= max_possible. */
int32_t llmmi_mapping_key(const llmmi_mapping *m, double v)
{
    return (int32_t)ceil(log(v) / log(2.0) * m->multiplier);
}

/* mapping.py KeyMapping.value + LogarithmicMapping._pow_gamma:
 * pow(2.0, (key - 0.0) / multiplier) * (2.0 / (1 + gamma)). */
double llmmi_mapping_value(const llmmi_mapping *m, int32_t key)
{
    return pow(2.0, (double)key / m->multiplier) * m->value_scale;
}
