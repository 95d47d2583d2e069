/* emd_simplex.c - exact transport LP by the network simplex method.
 *
 * Sources 0..n-1 (supply a_i), sinks n..n+m-1 (demand b_j), an artificial root R =
 * n+m joined to every node by an artificial arc of cost M (big-M start, as LEMON's
 * NetworkSimplex): source i -> R carrying a_i, R -> sink j carrying b_j. The bipartite
 * graph is complete and uncapacitated, so any flow through R (i -> R -> j, cost 2M) can
 * be rerouted along i -> j; M = 2 max|c| (> max c / 2) thus already makes every optimum
 * free of artificial flow, and keeps the potentials, and their rounding, small. The tree stays strongly feasible (every zero-flow tree arc points away
 * from R) because the leaving arc is chosen by Cunningham's rule (the last blocking
 * arc met when walking the cycle from its apex in the direction of the flow), so
 * degenerate pivots cannot cycle. The entering arc is the real arc of most negative
 * reduced cost (Dantzig). After each pivot the tree is rebuilt from its arc set
 * (O(nodes)), potentials follow from the tree, and the tree flows are recomputed from
 * the supplies (subtree sums), so no error accumulates over pivots. The value is the
 * exact sum of the rounded flow * cost products. */
#include "llmm_semantic.h"
#include "core/alloc.h"
#include "core/exactsum.h"
#include "core/twoprod.h"
#include <float.h>
#include <math.h>
#include <string.h>

uint32_t llmm_emd_max_points(void) { return LLMM_EMD_MAX_POINTS; }

typedef struct net {
    size_t n, m, nodes, root, arcs; /* arcs = n*m real arcs; artificial arc of node v = arcs+v */
    const double *cost;
    double big_m, *supply;          /* supply[v]: a_i for sources, -b_j for sinks */
    /* basis: nodes-1 tree arcs */
    size_t *slot_arc, *slot_tail, *slot_head;
    double *slot_cost;
    unsigned char *basic;           /* n*m: real arc in the tree */
    /* tree structure, rebuilt after each pivot */
    size_t *parent, *pred_slot, *depth, *order, *adj_start, *adj;
    unsigned char *up;              /* pred arc points from the node to its parent */
    double *pi, *flow;              /* potential; flow on the node's pred arc */
} net;

static void rebuild(net *g)
{
    size_t v, s, head = 0, tail = 0, slots = g->nodes - 1;
    /* adjacency (CSR) of the tree arcs */
    memset(g->adj_start, 0, (g->nodes + 1) * sizeof(size_t));
    for (s = 0; s < slots; s++) {
        g->adj_start[g->slot_tail[s] + 1]++;
        g->adj_start[g->slot_head[s] + 1]++;
    }
    for (v = 0; v < g->nodes; v++) g->adj_start[v + 1] += g->adj_start[v];
    for (s = 0; s < slots; s++) {
        g->adj[g->adj_start[g->slot_tail[s]]++] = s;
        g->adj[g->adj_start[g->slot_head[s]]++] = s;
    }
    for (v = g->nodes; v > 0; v--) g->adj_start[v] = g->adj_start[v - 1];
    g->adj_start[0] = 0;
    /* BFS from the root: parents, depths, potentials */
    g->order[tail++] = g->root;
    g->parent[g->root] = g->root;
    g->depth[g->root] = 0;
    g->pi[g->root] = 0;
    while (head < tail) {
        size_t u = g->order[head++], k;
        for (k = g->adj_start[u]; k < g->adj_start[u + 1]; k++) {
            size_t sl = g->adj[k], w = g->slot_tail[sl] == u ? g->slot_head[sl] : g->slot_tail[sl];
            if (u != g->root && sl == g->pred_slot[u]) continue; /* the arc to u's parent */
            g->parent[w] = u;
            g->pred_slot[w] = sl;
            g->depth[w] = g->depth[u] + 1;
            g->up[w] = g->slot_tail[sl] == w;
            /* tree arcs have zero reduced cost c + pi_tail - pi_head */
            g->pi[w] = g->up[w] ? g->pi[u] - g->slot_cost[sl] : g->pi[u] + g->slot_cost[sl];
            g->order[tail++] = w;
        }
    }
    /* flows: the net supply of each subtree leaves it through the pred arc */
    for (v = 0; v < g->nodes; v++) g->flow[v] = v == g->root ? 0 : g->supply[v];
    for (s = g->nodes - 1; s > 0; s--) {
        size_t w = g->order[s];
        double net_supply = g->flow[w];
        g->flow[g->parent[w]] += net_supply;
        g->flow[w] = g->up[w] ? net_supply : -net_supply;
    }
}

/* One pivot with entering real arc e = (i, j). The LP is bounded, so some arc of the
 * cycle blocks. */
static void pivot(net *g, size_t e)
{
    size_t u = e / g->m, v = g->n + e % g->m, a = u, b = v, join, w, out = (size_t)-1, s;
    double delta = HUGE_VAL;
    while (a != b) {
        if (g->depth[a] >= g->depth[b]) a = g->parent[a];
        else b = g->parent[b];
    }
    join = a;
    /* Cunningham: first side (from the entering arc's tail) with <, second with <= */
    for (w = u; w != join; w = g->parent[w]) {
        double d = g->up[w] ? (g->flow[w] > 0 ? g->flow[w] : 0) : HUGE_VAL;
        if (d < delta) {
            delta = d;
            out = w;
        }
    }
    for (w = v; w != join; w = g->parent[w]) {
        double d = g->up[w] ? HUGE_VAL : (g->flow[w] > 0 ? g->flow[w] : 0);
        if (d <= delta) {
            delta = d;
            out = w;
        }
    }
    /* replace the leaving node's pred arc by the entering arc */
    s = g->pred_slot[out];
    if (g->slot_arc[s] < g->arcs) g->basic[g->slot_arc[s]] = 0;
    g->slot_arc[s] = e;
    g->slot_tail[s] = u;
    g->slot_head[s] = v;
    g->slot_cost[s] = g->cost[e];
    g->basic[e] = 1;
    rebuild(g);
}

int llmm_transport(const double *cost, size_t n, size_t m, const double *a, const double *b,
                   double *value, double *plan, const llmm_allocator *alloc)
{
    llmm_allocator al;
    net g;
    size_t nodes, arcs, i, s, iter, max_iter;
    double maxc = 0, tol, sa = 0, sb = 0;
    llmmi_exactsum ea, eb, total;
    unsigned char *mem;
    size_t bytes_sz, bytes_d, bytes_u;
    int rc = LLMM_OK;
    if (!cost || !value) return LLMM_ENULL;
    if (n == 0 || m == 0) return LLMM_EEMPTY;
    if (n > LLMM_EMD_MAX_POINTS || m > LLMM_EMD_MAX_POINTS) return LLMM_EUNSUPPORTED;
    arcs = n * m;
    nodes = n + m + 1;
    for (i = 0; i < arcs; i++) {
        if (!isfinite(cost[i])) return LLMM_ENONFINITE;
        if (fabs(cost[i]) > maxc) maxc = fabs(cost[i]);
    }
    llmmi_exactsum_init(&ea);
    llmmi_exactsum_init(&eb);
    for (i = 0; i < n; i++) {
        double w = a ? a[i] : 1.0;
        if (!isfinite(w)) return LLMM_ENONFINITE;
        if (w < 0) return LLMM_EDOMAIN;
        llmmi_exactsum_add(&ea, w);
    }
    for (i = 0; i < m; i++) {
        double w = b ? b[i] : 1.0;
        if (!isfinite(w)) return LLMM_ENONFINITE;
        if (w < 0) return LLMM_EDOMAIN;
        llmmi_exactsum_add(&eb, w);
    }
    sa = llmmi_exactsum_value(&ea);
    sb = llmmi_exactsum_value(&eb);
    if (!(sa > 0) || !(sb > 0) || !isfinite(sa) || !isfinite(sb)) return LLMM_EDOMAIN;

    /* one block: size_t arrays, then doubles, then bytes */
    bytes_sz = (3 * (nodes - 1) + 5 * nodes + 1 + 2 * (nodes - 1)) * sizeof(size_t);
    bytes_d = ((nodes - 1) + 3 * nodes) * sizeof(double);
    bytes_u = arcs + nodes;
    llmmi_alloc_init(&al, alloc);
    mem = (unsigned char *)llmmi_calloc(&al, bytes_sz + bytes_d + bytes_u, 1);
    if (!mem) return LLMM_ENOMEM;
    memset(&g, 0, sizeof g);
    g.n = n;
    g.m = m;
    g.nodes = nodes;
    g.root = n + m;
    g.arcs = arcs;
    g.cost = cost;
    g.slot_arc = (size_t *)mem;
    g.slot_tail = g.slot_arc + (nodes - 1);
    g.slot_head = g.slot_tail + (nodes - 1);
    g.parent = g.slot_head + (nodes - 1);
    g.pred_slot = g.parent + nodes;
    g.depth = g.pred_slot + nodes;
    g.order = g.depth + nodes;
    g.adj_start = g.order + nodes;
    g.adj = g.adj_start + nodes + 1;
    g.slot_cost = (double *)(mem + bytes_sz);
    g.pi = g.slot_cost + (nodes - 1);
    g.flow = g.pi + nodes;
    g.supply = g.flow + nodes;
    g.basic = mem + bytes_sz + bytes_d;
    g.up = g.basic + arcs;
    g.big_m = maxc > 0 ? 2 * maxc : 1.0;
    for (i = 0; i < n; i++) g.supply[i] = (a ? a[i] : 1.0) / sa;
    for (i = 0; i < m; i++) g.supply[n + i] = -((b ? b[i] : 1.0) / sb);
    /* initial strongly feasible tree of artificial arcs */
    for (i = 0; i < n + m; i++) {
        int out_of_node = i < n && g.supply[i] > 0;
        g.slot_arc[i] = arcs + i;
        g.slot_tail[i] = out_of_node ? i : g.root;
        g.slot_head[i] = out_of_node ? g.root : i;
        g.slot_cost[i] = g.big_m;
    }
    rebuild(&g);
    /* potentials are sums along tree paths of costs <= M: their rounding is of order
     * eps * depth * M; smaller reduced costs are noise */
    tol = 16 * DBL_EPSILON * (double)nodes * g.big_m;
    max_iter = 50 * (arcs + nodes) + 1000;
    for (iter = 0;; iter++) {
        size_t best = (size_t)-1, e;
        double best_rc = -tol;
        for (e = 0; e < arcs; e++) {
            double r;
            if (g.basic[e]) continue;
            r = cost[e] + g.pi[e / m] - g.pi[n + e % m];
            if (r < best_rc) {
                best_rc = r;
                best = e;
            }
        }
        if (best == (size_t)-1) break;
        if (iter >= max_iter) {
            rc = LLMM_EUNSUPPORTED;
            break;
        }
        pivot(&g, best);
    }
    if (rc == LLMM_OK) {
        llmmi_exactsum_init(&total);
        if (plan) memset(plan, 0, arcs * sizeof(double));
        for (s = 0; s + 1 < nodes; s++) {
            /* the flow on slot s is the flow of the node whose pred arc it is */
            size_t w = g.slot_tail[s] == g.root || g.parent[g.slot_tail[s]] != g.slot_head[s]
                           ? g.slot_head[s]
                           : g.slot_tail[s];
            double f = g.flow[w];
            if (g.slot_arc[s] >= arcs) continue;
            llmmi_exactsum_add_prod(&total, f, g.slot_cost[s]);
            if (plan) plan[g.slot_arc[s]] = f;
        }
        *value = llmmi_exactsum_value(&total);
    }
    llmmi_free(&al, mem, bytes_sz + bytes_d + bytes_u);
    return rc;
}
