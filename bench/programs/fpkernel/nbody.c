/* An n-body simulation in double precision: pairwise forces with a
 * softened inverse cube (sqrt and a division per pair), a leapfrog step,
 * and the total energy before and after. Long dependent chains of fmul and
 * fadd, the loop the simplest JIT FP path must make fast. */
#include <math.h>

#include "fpkernel.h"

#define BODIES 8
#define STEPS 120
#define SOFTENING 0.0025

struct body {
    double position[3], velocity[3], mass;
};

static struct body bodies[BODIES];

static double energy(void)
{
    double e = 0.0;
    for (int i = 0; i < BODIES; i++) {
        const double *v = bodies[i].velocity;
        e += 0.5 * bodies[i].mass * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int j = i + 1; j < BODIES; j++) {
            double d2 = SOFTENING;
            for (int k = 0; k < 3; k++) {
                const double d = bodies[i].position[k] - bodies[j].position[k];
                d2 += d * d;
            }
            e -= bodies[i].mass * bodies[j].mass / sqrt(d2);
        }
    }
    return e;
}

static void step(double dt)
{
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++) {
            double d[3], d2 = SOFTENING;
            for (int k = 0; k < 3; k++) {
                d[k] = bodies[i].position[k] - bodies[j].position[k];
                d2 += d[k] * d[k];
            }
            const double scale = dt / (d2 * sqrt(d2));
            for (int k = 0; k < 3; k++) {
                bodies[i].velocity[k] -= d[k] * bodies[j].mass * scale;
                bodies[j].velocity[k] += d[k] * bodies[i].mass * scale;
            }
        }
    for (int i = 0; i < BODIES; i++)
        for (int k = 0; k < 3; k++)
            bodies[i].position[k] += dt * bodies[i].velocity[k];
}

struct fp_result nbody_kernel(uint32_t round)
{
    uint32_t state = 0x6e626f64u + round;
    for (int i = 0; i < BODIES; i++) {
        for (int k = 0; k < 3; k++) {
            bodies[i].position[k] = 10.0 * rng_unit(&state) - 5.0 + (k == 0 ? 2.0 * i : 0.0);
            bodies[i].velocity[k] = 0.5 * rng_unit(&state) - 0.25;
        }
        bodies[i].mass = 0.5 + (double)(rng_next(&state) % 8) * 0.25;
    }
    const double before = energy();
    for (int s = 0; s < STEPS; s++)
        step(0.005);
    const double after = energy();

    uint64_t digest = fold64(double_bits(before), double_bits(after));
    for (int i = 0; i < BODIES; i++)
        digest = fold64(digest, double_bits(bodies[i].position[0] + bodies[i].velocity[1]));
    return (struct fp_result){after - before, digest};
}
