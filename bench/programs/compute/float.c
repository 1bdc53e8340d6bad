/* Double-precision work: a Mandelbrot tile (multiply-add chains and a
 * data-dependent exit) and a few steps of a small n-body simulation
 * (division and square root). Built with -ffp-contract=off so that the
 * results are those of the C source, whatever the compiler fuses. */
#include <math.h>
#include <string.h>

#include "kernels.h"

#define TILE_WIDTH 20
#define TILE_HEIGHT 12
#define MANDELBROT_LIMIT 64
#define BODIES 5
#define NBODY_STEPS 4
/* Keeps close encounters finite. */
#define SOFTENING 0.01

static uint32_t mandelbrot_tile(double x0, double y0, double step)
{
    uint32_t digest = 0;
    for (int row = 0; row < TILE_HEIGHT; row++) {
        const double ci = y0 + row * step;
        for (int col = 0; col < TILE_WIDTH; col++) {
            const double cr = x0 + col * step;
            double zr = 0.0, zi = 0.0;
            int n = 0;
            while (n < MANDELBROT_LIMIT && zr * zr + zi * zi <= 4.0) {
                const double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            digest = digest * 7 + (uint32_t)n;
        }
    }
    return digest;
}

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static double nbody_energy(const struct body *b)
{
    double energy = 0.0;
    for (int i = 0; i < BODIES; i++) {
        energy += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < BODIES; j++) {
            const double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            energy -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz + SOFTENING);
        }
    }
    return energy;
}

static void nbody_step(struct body *b, double dt)
{
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++) {
            const double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            const double d2 = dx * dx + dy * dy + dz * dz + SOFTENING;
            const double magnitude = dt / (d2 * sqrt(d2));
            b[i].vx -= dx * b[j].mass * magnitude;
            b[i].vy -= dy * b[j].mass * magnitude;
            b[i].vz -= dz * b[j].mass * magnitude;
            b[j].vx += dx * b[i].mass * magnitude;
            b[j].vy += dy * b[i].mass * magnitude;
            b[j].vz += dz * b[i].mass * magnitude;
        }
    for (int i = 0; i < BODIES; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

static uint32_t double_bits_digest(double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return (uint32_t)bits ^ (uint32_t)(bits >> 32);
}

uint32_t float_kernel(uint32_t seed)
{
    uint32_t state = seed_state(seed, 0x666c6f74u);
    /* Tiles near the set's boundary, where iteration counts vary most. */
    const double x0 = -0.75 + (double)(xorshift32(&state) & 0xff) / 1024.0;
    const double y0 = 0.05 + (double)(xorshift32(&state) & 0xff) / 2048.0;
    uint32_t digest = mandelbrot_tile(x0, y0, 1.0 / 64.0);

    struct body bodies[BODIES];
    for (int i = 0; i < BODIES; i++) {
        const uint32_t r = xorshift32(&state);
        bodies[i] = (struct body){
            .x = (double)(r & 0xff) / 16.0 - 8.0 + 3.0 * i,
            .y = (double)((r >> 8) & 0xff) / 16.0 - 8.0,
            .z = (double)((r >> 16) & 0xff) / 64.0 - 2.0,
            .vx = (double)((r >> 24) & 0xf) / 64.0,
            .vy = -(double)((r >> 28) & 0xf) / 64.0,
            .vz = 0.0,
            .mass = 1.0 + (double)(i % 3),
        };
    }
    const double energy_before = nbody_energy(bodies);
    for (int step = 0; step < NBODY_STEPS; step++)
        nbody_step(bodies, 0.01);
    const double energy_after = nbody_energy(bodies);

    return digest * 17 ^ double_bits_digest(energy_before) ^ double_bits_digest(energy_after) << 3;
}
