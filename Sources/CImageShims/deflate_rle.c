#include "deflate_rle.h"
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <zlib.h>

/* The deflate coder of the built-in PNG writer (png_rle.c): deflate blocks of literals and runs — matches at distance 1 only, what zlib's Z_RLE
   finds — with a dynamic Huffman code per block. Filtered feature maps have little else to match but
   skewed byte statistics and, where a map is flat, long runs, so this keeps zlib's Z_RLE file sizes at
   several times its speed: one histogram and one table lookup per byte instead of zlib's general
   machinery. The stream is ordinary zlib/deflate (RFC 1950/1951) that any decoder reads. */

enum {
    LITERALS = 286,        /* bytes 0-255, end-of-block (256), run lengths (257-285) */
    END_OF_BLOCK = 256,
    MIN_RUN = 3,           /* deflate's shortest match */
    MAX_RUN = 258,         /* and longest */
    MAX_CODE_BITS = 15,    /* deflate's limit for literal/length codes */
    MAX_LENGTH_BITS = 7,   /* deflate's limit for the code-length code */
    BLOCK_TOKENS = 1 << 15 /* tokens per deflate block: small enough to follow local statistics */
};

/* ---- Output ------------------------------------------------------------------------------------ */

typedef struct {
    uint8_t *bytes;
    size_t count;
    size_t capacity;
    uint64_t bits;      /* pending bits, least significant first (deflate's bit order) */
    int bit_count;
} sink;

static int reserve(sink *out, size_t more) {
    if (more <= out->capacity - out->count) return 1;
    size_t needed = out->count + more;
    if (needed < out->count) return 0;
    size_t capacity = out->capacity > 0 ? out->capacity : 1 << 16;
    while (capacity < needed) {
        if (capacity > SIZE_MAX / 2) { capacity = needed; break; }
        capacity *= 2;
    }
    uint8_t *grown = (uint8_t *)realloc(out->bytes, capacity);
    if (grown == NULL) return 0;
    out->bytes = grown;
    out->capacity = capacity;
    return 1;
}

/* Appends `count` (≤ 32) bits; the caller has reserved room. */
static inline void put_bits(sink *out, uint32_t value, int count) {
    out->bits |= (uint64_t)value << out->bit_count;
    out->bit_count += count;
    if (out->bit_count >= 32) {
        uint32_t word = (uint32_t)out->bits;
        memcpy(out->bytes + out->count, &word, 4); /* little-endian hosts only: see the check below */
        out->count += 4;
        out->bits >>= 32;
        out->bit_count -= 32;
    }
}

/* Writes the whole bytes of the pending bits, keeping at most 7; the caller has reserved room. */
static void flush_to_bytes(sink *out) {
    while (out->bit_count >= 8) {
        out->bytes[out->count++] = (uint8_t)out->bits;
        out->bits >>= 8;
        out->bit_count -= 8;
    }
}

static void flush_bits(sink *out) {
    while (out->bit_count > 0) {
        out->bytes[out->count++] = (uint8_t)out->bits;
        out->bits >>= 8;
        out->bit_count -= 8;
    }
    out->bits = 0;
    out->bit_count = 0;
}

static void put_be32(uint8_t *at, uint32_t value) {
    at[0] = (uint8_t)(value >> 24); at[1] = (uint8_t)(value >> 16);
    at[2] = (uint8_t)(value >> 8); at[3] = (uint8_t)value;
}

/* ---- Huffman codes ----------------------------------------------------------------------------- */

/* Code lengths of an optimal prefix code for `freq` (symbols with frequency 0 get length 0), at most
   `limit` bits: when the optimal code is too deep, frequencies are halved (keeping used symbols at ≥ 1)
   and the code rebuilt, which ends at worst in a balanced code. At least two symbols must be used. */
static void code_lengths(const uint32_t *freq_in, int symbols, int limit, uint8_t *lengths) {
    uint32_t freq[LITERALS];
    for (int s = 0; s < symbols; s++) freq[s] = freq_in[s];
    for (;;) {
        /* Two-queue Huffman: leaves sorted by frequency, internal nodes made in increasing order. */
        int leaf[LITERALS], leaves = 0;
        for (int s = 0; s < symbols; s++) if (freq[s] > 0) leaf[leaves++] = s;
        if (leaves < 2) { /* callers guarantee two used symbols; stay a valid complete code regardless */
            freq[leaves == 1 && leaf[0] == 0 ? 1 : 0] = 1;
            if (leaves == 0) freq[1] = 1;
            continue;
        }
        for (int i = 1; i < leaves; i++) { /* insertion sort: ≤ 257 entries, mostly once per block */
            int s = leaf[i], j = i - 1;
            while (j >= 0 && freq[leaf[j]] > freq[s]) { leaf[j + 1] = leaf[j]; j--; }
            leaf[j + 1] = s;
        }
        uint64_t weight[2 * LITERALS];
        int parent[2 * LITERALS];
        for (int i = 0; i < leaves; i++) weight[i] = freq[leaf[i]];
        int next_leaf = 0, next_node = leaves, made = leaves;
        for (int k = 0; k < leaves - 1; k++) {
            int pick[2];
            for (int p = 0; p < 2; p++) {
                if (next_leaf < leaves && (next_node >= made || weight[next_leaf] <= weight[next_node])) pick[p] = next_leaf++;
                else pick[p] = next_node++;
            }
            weight[made] = weight[pick[0]] + weight[pick[1]];
            parent[pick[0]] = parent[pick[1]] = made;
            made++;
        }
        /* Depths from the root (the last node) down: parents are always made after their children. */
        int depth[2 * LITERALS];
        depth[made - 1] = 0;
        for (int n = made - 2; n >= 0; n--) depth[n] = depth[parent[n]] + 1;
        int deepest = 0;
        memset(lengths, 0, (size_t)symbols);
        for (int i = 0; i < leaves; i++) {
            lengths[leaf[i]] = (uint8_t)depth[i];
            if (depth[i] > deepest) deepest = depth[i];
        }
        if (deepest <= limit) return;
        for (int s = 0; s < symbols; s++) if (freq[s] > 0) freq[s] = (freq[s] >> 1) | 1;
    }
}

/* Canonical codes (RFC 1951 3.2.2), bit-reversed because deflate sends Huffman codes from their
   most significant bit while the bit stream fills bytes from the least significant one. */
static void canonical_codes(const uint8_t *lengths, int symbols, uint16_t *codes) {
    int count[MAX_CODE_BITS + 1] = {0};
    for (int s = 0; s < symbols; s++) count[lengths[s]]++;
    count[0] = 0;
    int next[MAX_CODE_BITS + 1];
    int code = 0;
    for (int bits = 1; bits <= MAX_CODE_BITS; bits++) {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    for (int s = 0; s < symbols; s++) {
        int length = lengths[s];
        if (length == 0) { codes[s] = 0; continue; }
        int value = next[length]++, reversed = 0;
        for (int b = 0; b < length; b++) reversed |= ((value >> b) & 1) << (length - 1 - b);
        codes[s] = (uint16_t)reversed;
    }
}

/* ---- Deflate blocks ---------------------------------------------------------------------------- */

/* Length symbol (257-285), extra-bit count and extra value of every run length 3-258 (RFC 1951 3.2.5). */
typedef struct { uint16_t symbol; uint8_t extra_bits; uint8_t extra; } run_code;
static run_code run_codes[MAX_RUN + 1];

static void make_run_codes(void) {
    static const uint16_t base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const uint8_t bits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                     4, 4, 4, 4, 5, 5, 5, 5, 0};
    for (int code = 0; code < 29; code++) {
        int last = code == 28 ? MAX_RUN : (code == 27 ? 257 : base[code + 1] - 1);
        for (int length = base[code]; length <= last; length++) {
            run_codes[length] = (run_code){(uint16_t)(257 + code), bits[code], (uint8_t)(length - base[code])};
        }
    }
}

/* The tokens of the block being gathered: a byte (< 256), or 256 + L for a run of L (3-258) copies of
   the byte before it; with the symbol counts so far (bytes in four tables, so that equal neighbours
   do not wait on each other's increments). */
typedef struct {
    uint32_t bytes[4][256];
    uint32_t runs[LITERALS];
    uint16_t *tokens;
    size_t count;
} block_state;

/* Appends the tokens of `data`; `*previous` is the stream's last byte so far (-1 at its start). */
static void tokenize(block_state *block, const uint8_t *data, size_t size, int *previous) {
    uint16_t *tokens = block->tokens;
    size_t count = block->count, i = 0;
    int last = *previous;
    while (i < size) {
        /* Eight bytes where no run starts (a run starts at a byte equal to the one before it and the two
           after it) are eight literals: checked with word compares, so noisy maps skip the per-byte run
           test. Inside `data`, the byte before position i is always data[i - 1] (a run repeats it). */
        while (i >= 1 && i + 10 <= size) {
            uint64_t before, here, next, after;
            memcpy(&before, data + i - 1, 8);
            memcpy(&here, data + i, 8);
            memcpy(&next, data + i + 1, 8);
            memcpy(&after, data + i + 2, 8);
            const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
            /* High bit of each byte set where the compared bytes differ (exact, no borrow between bytes). */
            #define DIFFERS(x) ((((x) & low7) + low7) | (x))
            const uint64_t run_start = ~(DIFFERS(before ^ here) | DIFFERS(here ^ next) | DIFFERS(next ^ after)) & ~low7;
            #undef DIFFERS
            if (run_start != 0) break;
            for (int k = 0; k < 8; k++) {
                const uint8_t value = data[i + k];
                block->bytes[k & 3][value]++;
                tokens[count + k] = value;
            }
            count += 8;
            i += 8;
            last = data[i - 1];
        }
        if (i >= size) break;
        const int value = data[i];
        if (value == last && i + MIN_RUN <= size && data[i + 1] == value && data[i + 2] == value) {
            size_t length = MIN_RUN;
            while (length < MAX_RUN && i + length < size && data[i + length] == value) length++;
            tokens[count++] = (uint16_t)(256 + length);
            block->runs[run_codes[length].symbol]++;
            i += length;
            continue;
        }
        block->bytes[count & 3][value]++;
        tokens[count++] = (uint16_t)value;
        last = value;
        i++;
    }
    block->count = count;
    *previous = last;
}

/* Writes the gathered tokens as one dynamic-Huffman block (BTYPE 10) and empties `block`. */
static int write_block(sink *out, block_state *block, int final) {
    uint32_t freq[LITERALS];
    for (int s = 0; s < LITERALS; s++) freq[s] = block->runs[s];
    for (int v = 0; v < 256; v++) freq[v] += block->bytes[0][v] + block->bytes[1][v] + block->bytes[2][v] + block->bytes[3][v];
    const size_t count = block->count;
    const uint16_t *tokens = block->tokens;
    memset(block->bytes, 0, sizeof block->bytes);
    memset(block->runs, 0, sizeof block->runs);
    block->count = 0;
    freq[END_OF_BLOCK] = 1;
    if (count == 0) freq[0] = 1; /* a code needs two used symbols */

    uint8_t lengths[LITERALS + 2];
    uint16_t codes[LITERALS];
    code_lengths(freq, LITERALS, MAX_CODE_BITS, lengths);
    canonical_codes(lengths, LITERALS, codes);
    /* Two distance codes of one bit each: code 0 (distance 1) for every run, code 1 never used, which
       makes a complete code that every inflater accepts (zlib's deflate does the same). */
    lengths[LITERALS] = 1;
    lengths[LITERALS + 1] = 1;

    /* The code lengths are sent with the code-length code, one symbol (0-15) per length. */
    uint32_t length_freq[19] = {0};
    for (int s = 0; s < LITERALS + 2; s++) length_freq[lengths[s]]++;
    uint8_t length_lengths[19];
    uint16_t length_codes[19];
    code_lengths(length_freq, 19, MAX_LENGTH_BITS, length_lengths);
    canonical_codes(length_lengths, 19, length_codes);

    /* Header ≤ 17 + 19·3 + 288·7 bits; ≤ 21 bits per token (code, extra bits, distance); EOB; slack. */
    if (!reserve(out, 320 + count * 3 + 32)) return 0;
    put_bits(out, final ? 1 : 0, 1);
    put_bits(out, 2, 2);
    put_bits(out, LITERALS - 257, 5);
    put_bits(out, 2 - 1, 5);
    put_bits(out, 19 - 4, 4);
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    for (int k = 0; k < 19; k++) put_bits(out, length_lengths[order[k]], 3);
    for (int s = 0; s < LITERALS + 2; s++) put_bits(out, length_codes[lengths[s]], length_lengths[lengths[s]]);

    /* Every token's complete bit string (code, then a run's extra bits and its 1-bit distance code 0)
       as bits | count << 32: a byte's entry is its code; entry 256 + L is run L. */
    uint64_t table[256 + MAX_RUN + 1];
    for (int v = 0; v < 256; v++) table[v] = codes[v] | (uint64_t)lengths[v] << 32;
    for (int length = MIN_RUN; length <= MAX_RUN; length++) {
        const run_code r = run_codes[length];
        const int code_bits = lengths[r.symbol];
        if (code_bits == 0) continue; /* this length does not occur in the block */
        uint64_t bits = codes[r.symbol] | (uint64_t)r.extra << code_bits; /* distance code 0 adds a 0 bit */
        table[256 + length] = bits | (uint64_t)(code_bits + r.extra_bits + 1) << 32;
    }
    /* Two tokens (≤ 42 bits) on top of at most 7 pending bits fit in 64, so the hot loop adds two tokens,
       stores 8 bytes unaligned and advances by the whole bytes, without a branch. */
    flush_to_bytes(out);
    uint8_t *at = out->bytes + out->count;
    uint64_t bits = out->bits;
    int pending = out->bit_count;
    #define PUT(token) do { uint64_t e = table[token]; bits |= (e & 0xFFFFFFFF) << pending; pending += (int)(e >> 32); } while (0)
    #define STORE() do { memcpy(at, &bits, 8); at += pending >> 3; bits >>= pending & ~7; pending &= 7; } while (0)
    size_t i = 0;
    for (; i + 2 <= count; i += 2) {
        PUT(tokens[i]); PUT(tokens[i + 1]);
        STORE();
    }
    for (; i < count; i++) { PUT(tokens[i]); STORE(); }
    #undef PUT
    #undef STORE
    out->count = (size_t)(at - out->bytes);
    out->bits = bits;
    out->bit_count = pending;
    put_bits(out, codes[END_OF_BLOCK], lengths[END_OF_BLOCK]);
    return 1;
}

/* ---- The stream -------------------------------------------------------------------------------- */

struct fbi_rle_stream {
    sink zdata;
    block_state block;
    int last_byte;   /* the stream's last byte so far, which a run may repeat across rows and blocks */
    uLong adler;
    int ended;
};

fbi_rle_stream *fbi_rle_open(size_t longest_write) {
    static pthread_once_t tables_made = PTHREAD_ONCE_INIT;
    pthread_once(&tables_made, make_run_codes);
    if (longest_write > SIZE_MAX / 8 - BLOCK_TOKENS) return NULL;
    fbi_rle_stream *stream = (fbi_rle_stream *)calloc(1, sizeof *stream);
    if (stream == NULL) return NULL;
    /* A write is tokenised whole before the block is checked, so the block may overshoot by one write. */
    stream->block.tokens = (uint16_t *)malloc((BLOCK_TOKENS + longest_write) * sizeof(uint16_t));
    if (stream->block.tokens == NULL || !reserve(&stream->zdata, 2)) {
        free(stream->block.tokens);
        free(stream->zdata.bytes);
        free(stream);
        return NULL;
    }
    stream->zdata.bytes[0] = 0x78; /* deflate, 32 KiB window */
    stream->zdata.bytes[1] = 0x01; /* fastest-compression flag; (0x78 << 8 | 0x01) % 31 == 0 */
    stream->zdata.count = 2;
    stream->last_byte = -1;
    stream->adler = adler32(0L, Z_NULL, 0);
    return stream;
}

int fbi_rle_write(fbi_rle_stream *stream, const uint8_t *data, size_t size, int last) {
    stream->adler = adler32_z(stream->adler, data, size);
    tokenize(&stream->block, data, size, &stream->last_byte);
    /* A block is written once it holds BLOCK_TOKENS tokens (so a flat map's block covers many rows, as
       zlib's do) or at the end. */
    if ((stream->block.count >= BLOCK_TOKENS || last) && !write_block(&stream->zdata, &stream->block, last)) return 0;
    if (!last) return 1;
    flush_bits(&stream->zdata);
    if (!reserve(&stream->zdata, 4)) return 0;
    put_be32(stream->zdata.bytes + stream->zdata.count, (uint32_t)stream->adler);
    stream->zdata.count += 4;
    stream->ended = 1;
    return 1;
}

uint8_t *fbi_rle_close(fbi_rle_stream *stream, size_t *size) {
    *size = 0;
    if (stream == NULL) return NULL;
    uint8_t *bytes = stream->ended ? stream->zdata.bytes : NULL;
    if (bytes != NULL) *size = stream->zdata.count;
    else free(stream->zdata.bytes);
    free(stream->block.tokens);
    free(stream);
    return bytes;
}
