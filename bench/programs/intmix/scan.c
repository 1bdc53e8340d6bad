/* A state machine scanning generated "key=value;" text, character by
 * character: values are decimal, negative, hex (0x), binary (0b) or octal
 * (0o) numbers with an optional k/m multiplier, quoted strings with
 * escapes, or malformed. One switch on the state, nested tests on the
 * character: unpredictable branches, byte loads, multiply-accumulate. */
#include "intmix.h"

#define TEXT_CAPACITY 4608
#define TEXT_FILL 4500 /* stop generating records past this */

enum state {
    S_KEY, S_VALUE, S_SIGN, S_ZERO, S_DECIMAL, S_RADIX, S_SUFFIX,
    S_STRING, S_ESCAPE, S_STRING_END, S_BAD,
};

enum kind { K_DECIMAL, K_HEX, K_BINARY, K_OCTAL, K_STRING, K_BAD, KINDS };

static uint8_t text[TEXT_CAPACITY];

static size_t put_number(uint8_t *p, uint32_t value, uint32_t radix)
{
    uint8_t digits[40];
    size_t n = 0;
    do {
        digits[n++] = (uint8_t)"0123456789abcdef"[value % radix];
        value /= radix;
    } while (value);
    for (size_t i = 0; i < n; i++)
        p[i] = digits[n - 1 - i];
    return n;
}

static size_t generate(uint32_t *state)
{
    size_t length = 0;
    while (length < TEXT_FILL) {
        uint8_t *p = text + length;
        const uint32_t r = rng_next(state);
        size_t n = 0;
        for (uint32_t k = 0; k < 1 + (r & 3); k++)
            p[n++] = (uint8_t)('a' + (r >> (2 + 3 * k)) % 26);
        p[n++] = '=';
        const uint32_t value = rng_next(state) >> (r >> 27);
        switch ((r >> 14) % 8) {
        case 0: p[n++] = '-'; /* fall through */
        case 1: n += put_number(p + n, value, 10); break;
        case 2: p[n++] = '0'; p[n++] = 'x'; n += put_number(p + n, value, 16); break;
        case 3: p[n++] = '0'; p[n++] = 'b'; n += put_number(p + n, value & 0xfff, 2); break;
        case 4: p[n++] = '0'; p[n++] = 'o'; n += put_number(p + n, value, 8); break;
        case 5:
            p[n++] = '"';
            for (uint32_t k = 0; k < (value & 7); k++)
                p[n++] = (value >> k) & 1 ? '\\' : (uint8_t)('A' + k);
            p[n++] = 'z';
            p[n++] = '"';
            break;
        case 6: n += put_number(p + n, value & 0xffff, 10); p[n++] = (r & 0x100) ? 'k' : 'm'; break;
        default: n += put_number(p + n, value, 10); p[n++] = '?'; break; /* malformed */
        }
        p[n++] = ';';
        length += n;
    }
    return length;
}

static int is_digit_in(uint8_t c, uint32_t radix, uint32_t *digit)
{
    uint32_t v;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else
        return 0;
    *digit = v;
    return v < radix;
}

uint32_t scan_kernel(uint32_t seed)
{
    uint32_t rng = mix32(seed ^ 0x7363616eu);
    const size_t length = generate(&rng);

    uint32_t counts[KINDS] = {0};
    uint32_t sum = 0, value = 0, radix = 10, negative = 0, key_hash = 0, digit = 0;
    enum state state = S_KEY;
    enum kind kind = K_DECIMAL;
    for (size_t i = 0; i < length; i++) {
        const uint8_t c = text[i];
        if (c == ';') {
            /* End of a record: account for it, whatever the state. */
            if (state == S_BAD || state == S_KEY || state == S_VALUE || state == S_SIGN ||
                state == S_STRING || state == S_ESCAPE)
                kind = K_BAD;
            counts[kind]++;
            if (kind != K_BAD && kind != K_STRING)
                sum += negative ? 0u - value : value;
            sum ^= key_hash;
            state = S_KEY;
            key_hash = value = negative = 0;
            continue;
        }
        switch (state) {
        case S_KEY:
            if (c == '=') {
                state = S_VALUE;
                kind = K_DECIMAL;
                radix = 10;
            } else {
                key_hash = key_hash * 31u + c;
            }
            break;
        case S_VALUE:
            if (c == '-') {
                state = S_SIGN;
                negative = 1;
            } else if (c == '0') {
                state = S_ZERO;
            } else if (c == '"') {
                state = S_STRING;
                kind = K_STRING;
            } else if (is_digit_in(c, 10, &digit)) {
                value = digit;
                state = S_DECIMAL;
            } else {
                state = S_BAD;
            }
            break;
        case S_SIGN:
            if (is_digit_in(c, 10, &digit)) {
                value = digit;
                state = S_DECIMAL;
            } else {
                state = S_BAD;
            }
            break;
        case S_ZERO:
            switch (c) {
            case 'x': radix = 16; kind = K_HEX; state = S_RADIX; break;
            case 'b': radix = 2; kind = K_BINARY; state = S_RADIX; break;
            case 'o': radix = 8; kind = K_OCTAL; state = S_RADIX; break;
            case 'k': value <<= 10; state = S_SUFFIX; break;
            case 'm': value <<= 20; state = S_SUFFIX; break;
            default:
                if (is_digit_in(c, 10, &digit)) {
                    value = digit;
                    state = S_DECIMAL;
                } else {
                    state = S_BAD;
                }
            }
            break;
        case S_DECIMAL:
        case S_RADIX:
            if (is_digit_in(c, radix, &digit)) {
                value = value * radix + digit;
            } else if (state == S_DECIMAL && (c == 'k' || c == 'm')) {
                value <<= c == 'k' ? 10 : 20;
                state = S_SUFFIX;
            } else {
                state = S_BAD;
            }
            break;
        case S_STRING:
            if (c == '\\')
                state = S_ESCAPE;
            else if (c == '"')
                state = S_STRING_END;
            else
                value = value * 131u + c;
            break;
        case S_ESCAPE:
            value ^= c;
            state = S_STRING;
            break;
        case S_SUFFIX:
        case S_STRING_END:
        case S_BAD:
            state = S_BAD; /* anything after a complete value is malformed */
            break;
        }
        if (state == S_BAD)
            kind = K_BAD;
    }

    uint32_t digest = sum;
    for (uint32_t k = 0; k < KINDS; k++)
        digest = digest * 0x9d2c5681u + counts[k];
    return crc16_ccitt((uint16_t)digest, text, 64) ^ digest;
}
