/*
 * The machine's ceiling for batch-1 decode: a hand-written AVX-512 matrix-vector product over the
 * weight matrices of one decoder (every layer's q, k, v, o, gate, up, down projections and the
 * output projection), FP32, one pass over all of them per repetition, rows split over T OpenMP
 * threads. Prints one JSON line per run (the benchmark's measurement format, GB/s of weights read).
 *
 *   gcc -O3 -march=native -fopenmp benchmarks/gemv_ceiling.c -o gemv_ceiling
 *   ./gemv_ceiling HIDDEN INTERMEDIATE Q_OUT KV_OUT LAYERS VOCAB THREADS REPS
 *
 * Why it exists (issue 9): the bandwidth bound divides a copy bandwidth by the weight bytes, but a
 * matrix-vector product may not reach copy speed on a given machine whatever the library does. This
 * measures what the best simple native kernel reaches, so the report can say how far the
 * library's decode is from the machine's reachable ceiling, not only from the copy bound.
 * Four rows per pass share each loaded slice of x; 16 floats per FMA. Checks itself against a
 * plain loop in double precision on the first matrix before timing.
 */
#include <immintrin.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { float *w; long rows, cols; } Mat;

static void gemv_rows(const Mat *m, const float *x, float *y, long r0, long r1) {
  long c = m->cols, r = r0, c16 = c & ~15L;
  for (; r + 4 <= r1; r += 4) {
    const float *w = m->w + r * c;
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (long i = 0; i < c16; i += 16) {
      __m512 xv = _mm512_loadu_ps(x + i);
      a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), xv, a0);
      a1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + c + i), xv, a1);
      a2 = _mm512_fmadd_ps(_mm512_loadu_ps(w + 2 * c + i), xv, a2);
      a3 = _mm512_fmadd_ps(_mm512_loadu_ps(w + 3 * c + i), xv, a3);
    }
    float s[4] = {_mm512_reduce_add_ps(a0), _mm512_reduce_add_ps(a1), _mm512_reduce_add_ps(a2),
                  _mm512_reduce_add_ps(a3)};
    for (long i = c16; i < c; i++)
      for (int k = 0; k < 4; k++) s[k] += w[k * c + i] * x[i];
    for (int k = 0; k < 4; k++) y[r + k] = s[k];
  }
  for (; r < r1; r++) { /* rows left over from the blocks of four */
    float s = 0;
    for (long i = 0; i < c; i++) s += m->w[r * c + i] * x[i];
    y[r] = s;
  }
}

static void gemv(const Mat *m, const float *x, float *y) {
#pragma omp parallel
  {
    long t = omp_get_thread_num(), n = omp_get_num_threads(), per = (m->rows / n) & ~3L;
    gemv_rows(m, x, y, t * per, t == n - 1 ? m->rows : (t + 1) * per);
  }
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: %s HIDDEN INTERMEDIATE Q_OUT KV_OUT LAYERS VOCAB THREADS REPS\n", argv[0]);
    return 2;
  }
  long hidden = atol(argv[1]), inter = atol(argv[2]), qout = atol(argv[3]), kvout = atol(argv[4]);
  long layers = atol(argv[5]), vocab = atol(argv[6]);
  int threads = atoi(argv[7]), reps = atoi(argv[8]);
  if (hidden < 1 || inter < 1 || qout < 1 || kvout < 1 || layers < 1 || vocab < 1 || threads < 1 || reps < 1) {
    fprintf(stderr, "%s: every argument must be >= 1\n", argv[0]);
    return 2;
  }
  omp_set_num_threads(threads);
  long shapes[7][2] = {{qout, hidden}, {kvout, hidden}, {kvout, hidden}, {hidden, qout},
                       {inter, hidden}, {inter, hidden}, {hidden, inter}};
  long n = layers * 7 + 1, bytes = 0, widest = 0, tallest = 0;
  Mat *ms = calloc(n, sizeof(Mat));
  for (long l = 0; l < layers; l++)
    for (int s = 0; s < 7; s++) ms[l * 7 + s] = (Mat){NULL, shapes[s][0], shapes[s][1]};
  ms[n - 1] = (Mat){NULL, vocab, hidden};
  for (long i = 0; i < n; i++) {
    long e = ms[i].rows * ms[i].cols;
    ms[i].w = aligned_alloc(64, ((e * 4 + 63) / 64) * 64);
    if (!ms[i].w) { fprintf(stderr, "%s: out of memory\n", argv[0]); return 1; }
#pragma omp parallel for
    for (long j = 0; j < e; j++) ms[i].w[j] = (float) ((j * 2654435761L) % 1000) / 1000.0f - 0.5f;
    bytes += e * 4;
    if (ms[i].cols > widest) widest = ms[i].cols;
    if (ms[i].rows > tallest) tallest = ms[i].rows;
  }
  float *x = aligned_alloc(64, ((widest * 4 + 63) / 64) * 64), *y = aligned_alloc(64, ((tallest * 4 + 63) / 64) * 64);
  for (long i = 0; i < widest; i++) x[i] = (float) (i % 7) / 7.0f - 0.4f;

  // Self-check on the first matrix: the kernel against a plain double-precision loop.
  gemv(&ms[0], x, y);
  double err = 0, scale = 0;
  for (long r = 0; r < ms[0].rows; r++) {
    double s = 0;
    for (long i = 0; i < ms[0].cols; i++) s += (double) ms[0].w[r * ms[0].cols + i] * x[i];
    err = fmax(err, fabs(s - y[r]));
    scale = fmax(scale, fabs(s));
  }
  if (err > 1e-4 * (scale + 1)) {
    fprintf(stderr, "%s: kernel disagrees with the plain loop (max error %g)\n", argv[0], err);
    return 1;
  }

  double *gbs = calloc(reps, sizeof(double)), checksum = 0;
  for (int rep = -2; rep < reps; rep++) { /* two warm-up passes */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) gemv(&ms[i], x, y);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    checksum += y[0];
    if (rep >= 0) gbs[rep] = bytes / ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) / 1e9;
  }
  printf("{\"side\":\"native\",\"shape\":\"machine\",\"what\":\"gemv_bandwidth\",\"batch\":%d,"
         "\"len\":\"%ld matrices\",\"unit\":\"GB/s\",\"weight_bytes\":%ld,\"self_check_max_error\":%g,\"values\":[",
         threads, n, bytes, err);
  for (int i = 0; i < reps; i++) printf("%s%.3f", i ? "," : "", gbs[i]);
  printf("]}\n");
  fprintf(stderr, "checksum %g\n", checksum);
  return 0;
}
