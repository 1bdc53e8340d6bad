/* A number-token scanner as in CoreMark's state-machine benchmark: a text
 * of comma-separated tokens is generated, then classified character by
 * character (integer, decimal, scientific, hex or invalid). Branchy code
 * with hard-to-predict, data-dependent transitions. */
#include "kernels.h"

#define TEXT_BYTES 1536

enum scan_state {
    STATE_START,
    STATE_SIGN,
    STATE_INTEGER,
    STATE_ZERO,
    STATE_HEX_PREFIX,
    STATE_HEX,
    STATE_FRACTION,
    STATE_EXPONENT_MARK,
    STATE_EXPONENT_SIGN,
    STATE_EXPONENT,
    STATE_INVALID,
    STATE_COUNT
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static enum scan_state next_state(enum scan_state state, char c)
{
    switch (state) {
    case STATE_START:
        if (c == '+' || c == '-')
            return STATE_SIGN;
        if (c == '0')
            return STATE_ZERO;
        if (is_digit(c))
            return STATE_INTEGER;
        if (c == '.')
            return STATE_FRACTION;
        return STATE_INVALID;
    case STATE_SIGN:
        return is_digit(c) ? STATE_INTEGER : c == '.' ? STATE_FRACTION : STATE_INVALID;
    case STATE_ZERO:
        if (c == 'x' || c == 'X')
            return STATE_HEX_PREFIX;
        /* fall through */
    case STATE_INTEGER:
        if (is_digit(c))
            return STATE_INTEGER;
        if (c == '.')
            return STATE_FRACTION;
        if (c == 'e' || c == 'E')
            return STATE_EXPONENT_MARK;
        return STATE_INVALID;
    case STATE_HEX_PREFIX:
    case STATE_HEX:
        return is_hex_digit(c) ? STATE_HEX : STATE_INVALID;
    case STATE_FRACTION:
        if (is_digit(c))
            return STATE_FRACTION;
        if (c == 'e' || c == 'E')
            return STATE_EXPONENT_MARK;
        return STATE_INVALID;
    case STATE_EXPONENT_MARK:
        if (c == '+' || c == '-')
            return STATE_EXPONENT_SIGN;
        /* fall through */
    case STATE_EXPONENT_SIGN:
    case STATE_EXPONENT:
        return is_digit(c) ? STATE_EXPONENT : STATE_INVALID;
    default:
        return STATE_INVALID;
    }
}

static char *put_digits(char *p, uint32_t *state, int count, const char *alphabet, uint32_t radix)
{
    for (int i = 0; i < count; i++)
        *p++ = alphabet[xorshift32(state) % radix];
    return p;
}

/* Writes a token of a random kind; one in eight is corrupted. */
static char *put_token(char *p, uint32_t *state)
{
    static const char digits[] = "0123456789abcdefABCDEF";
    const uint32_t kind = xorshift32(state);
    char *token = p;
    switch (kind & 7) {
    case 0:
        *p++ = '-';
        /* fall through */
    case 1:
    case 2:
        p = put_digits(p, state, 1 + (int)(kind >> 3) % 6, digits, 10);
        break;
    case 3:
    case 4:
        p = put_digits(p, state, 1 + (int)(kind >> 3) % 3, digits, 10);
        *p++ = '.';
        p = put_digits(p, state, 1 + (int)(kind >> 5) % 4, digits, 10);
        break;
    case 5:
        p = put_digits(p, state, 1, digits, 10);
        *p++ = '.';
        p = put_digits(p, state, 2, digits, 10);
        *p++ = (kind & 8) ? 'e' : 'E';
        if (kind & 16)
            *p++ = '-';
        p = put_digits(p, state, 1 + (int)(kind >> 6) % 2, digits, 10);
        break;
    default:
        *p++ = '0';
        *p++ = 'x';
        p = put_digits(p, state, 1 + (int)(kind >> 3) % 8, digits, 22);
        break;
    }
    if ((kind >> 28) == 0xf)
        token[(kind >> 8) % (uint32_t)(p - token)] = (kind & 0x100) ? '.' : 'z';
    *p++ = ',';
    return p;
}

uint32_t state_machine_kernel(uint32_t seed)
{
    static char text[TEXT_BYTES + 32];
    uint32_t state = seed_state(seed, 0x66736d21u);

    char *end = text;
    while (end < text + TEXT_BYTES)
        end = put_token(end, &state);

    uint32_t final_states[STATE_COUNT] = {0};
    uint32_t transitions = 0;
    enum scan_state scan = STATE_START;
    for (const char *p = text; p < end; p++) {
        if (*p == ',') {
            final_states[scan]++;
            scan = STATE_START;
            continue;
        }
        const enum scan_state next = next_state(scan, *p);
        transitions += next != scan;
        scan = next;
    }

    uint32_t digest = transitions;
    for (int s = 0; s < STATE_COUNT; s++)
        digest = digest * 131 + final_states[s];
    return digest;
}
