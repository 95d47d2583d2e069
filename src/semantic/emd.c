/* emd.c - earth mover's distance between point sets: the cost matrix (scipy 1.10.1
 * scipy.spatial.distance.cdist 'euclidean' / 'sqeuclidean' / 'cosine') and the
 * transport LP (emd_simplex.c). cdist 'cosine' = 1 - u.v / (|u| |v|) with the cosine
 * clipped to [-1, 1] (scipy's cosine_distance clips rounding excess). */
#include "llmm_semantic.h"
#include "core/alloc.h"
#include <math.h>

int llmm_emd(const double *x, size_t n, const double *y, size_t m, size_t dim,
             const double *x_weights, const double *y_weights, int cost, double *distance,
             const llmm_allocator *alloc)
{
    llmm_allocator al;
    double *c, *norm_x = NULL, *norm_y = NULL;
    size_t i, j, k, cells;
    int rc;
    if (!distance || (n && !x) || (m && !y)) return LLMM_ENULL;
    if (cost < LLMM_EMD_EUCLIDEAN || cost > LLMM_EMD_SQEUCLIDEAN) return LLMM_EINVAL;
    if (n == 0 || m == 0 || dim == 0) return LLMM_EEMPTY;
    if (n > LLMM_EMD_MAX_POINTS || m > LLMM_EMD_MAX_POINTS) return LLMM_EUNSUPPORTED;
    if (!llmmi_mul_ok(n, dim, &cells) || !llmmi_mul_ok(m, dim, &cells)) return LLMM_EOVERFLOW;
    for (i = 0; i < n * dim; i++)
        if (!isfinite(x[i])) return LLMM_ENONFINITE;
    for (i = 0; i < m * dim; i++)
        if (!isfinite(y[i])) return LLMM_ENONFINITE;
    llmmi_alloc_init(&al, alloc);
    c = (double *)llmmi_calloc(&al, n * m + n + m, sizeof(double));
    if (!c) return LLMM_ENOMEM;
    if (cost == LLMM_EMD_COSINE) {
        norm_x = c + n * m;
        norm_y = norm_x + n;
        for (i = 0; i < n; i++) {
            double s = 0;
            for (k = 0; k < dim; k++) s += x[i * dim + k] * x[i * dim + k];
            norm_x[i] = sqrt(s);
        }
        for (j = 0; j < m; j++) {
            double s = 0;
            for (k = 0; k < dim; k++) s += y[j * dim + k] * y[j * dim + k];
            norm_y[j] = sqrt(s);
        }
    }
    rc = LLMM_OK;
    for (i = 0; i < n && rc == LLMM_OK; i++) {
        for (j = 0; j < m; j++) {
            const double *u = x + i * dim, *v = y + j * dim;
            double s = 0;
            if (cost == LLMM_EMD_COSINE) {
                double cs;
                if (norm_x[i] == 0 || norm_y[j] == 0) {
                    rc = LLMM_EDOMAIN; /* cosine of a zero vector: undefined */
                    break;
                }
                for (k = 0; k < dim; k++) s += u[k] * v[k];
                cs = s / (norm_x[i] * norm_y[j]);
                if (fabs(cs) > 1.0) cs = cs > 0 ? 1.0 : -1.0;
                c[i * m + j] = 1.0 - cs;
            } else {
                for (k = 0; k < dim; k++) s += (u[k] - v[k]) * (u[k] - v[k]);
                c[i * m + j] = cost == LLMM_EMD_EUCLIDEAN ? sqrt(s) : s;
            }
        }
    }
    if (rc == LLMM_OK) rc = llmm_transport(c, n, m, x_weights, y_weights, distance, NULL, &al);
    llmmi_free(&al, c, (n * m + n + m) * sizeof(double));
    return rc;
}
