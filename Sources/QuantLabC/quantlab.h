/*
 * quantlab.h: the C ABI of libQuantLabC, QuantLab's Swift library seen from C, Python (ctypes) or
 * anything else that can call C. Build it with `swift build -c release --product QuantLabC`
 * (.build/release/libQuantLabC.so). The Python package in python/quantlab/ declares exactly these
 * functions (python/quantlab/_lib.py).
 *
 * Conventions, shared by every function:
 * - Tensors are C-order float32 buffers owned by the caller; `shape` holds `ndim` sizes (ndim 0 is a
 *   scalar, one element). The library neither keeps nor frees them, and the fast path (quantize,
 *   hadamard) reads and writes them in place: no copy.
 * - Every function returns QUANTLAB_OK or an error status. On error, `error` receives one line of
 *   UTF-8 text naming the bad value (the `quantlab` CLI's message for the same input), truncated
 *   to `error_capacity - 1` bytes and NUL-terminated; outputs are then unspecified (an in-place
 *   call may have written part of its buffer). No input makes the library trap.
 * - Strings are NUL-terminated UTF-8. JSON results are allocated by the library: free them with
 *   quantlab_free. JSON numbers that are NaN or infinite are written as the strings "NaN",
 *   "Infinity" and "-Infinity".
 * - Functions may be called from any number of threads at once; kernels use all cores.
 */
#ifndef QUANTLAB_H
#define QUANTLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QUANTLAB_ABI_VERSION 1

enum {
    QUANTLAB_OK = 0,
    /* Bad input: an unknown format or rounding mode, a shape the format cannot take, a code out of
       range, NaN data in analyze, a NULL pointer. Python raises ValueError. */
    QUANTLAB_INVALID = 1,
    /* The input was fine but the work failed (out of temporary disk space in analyze). */
    QUANTLAB_FAILED = 2,
};

/* QUANTLAB_ABI_VERSION of the library; a caller built for another version must not go on. */
int32_t quantlab_abi_version(void);

/* Frees a string returned by this library (NULL is ignored). */
void quantlab_free(char *text);

/* JSON {"element": [names], "scaled": [names], "parametric": [{"form", "meaning"}]}: the named
   formats and parametric spellings of `quantlab formats`. */
int32_t quantlab_formats(char **json, char *error, size_t error_capacity);

/* JSON facts of any format spec: name, kind ("element" or "scaled"), bits_per_element, family,
   element (bits, max_finite, min_normal, min_positive, has_infinity, has_nan, has_negative_zero,
   specials, definition, family, name), values (every code's value, by code; only for formats of
   up to 12 bits), and for scaled formats granularity, block_size (blocks) or channel_axis
   (channels), scale, scale_bits, tensor_scale, asymmetric. Keys without a value are left out. */
int32_t quantlab_describe(const char *spec, char **json, char *error, size_t error_capacity);

/* output = dequantize(quantize(input)) in format `spec` (any spec of `quantlab formats`), with
   rounding mode `rounding` (NULL: nearest-even) and stochastic-rounding `seed`. output may equal
   input (in place). Bit for bit what `quantlab quantize` writes. */
int32_t quantlab_quantize(const float *input, float *output, const int64_t *shape, int32_t ndim,
                          const char *spec, const char *rounding, uint64_t seed,
                          char *error, size_t error_capacity);

/* The sizes of the arrays quantlab_encode writes for a tensor of this shape, as in the files of
   `quantlab quantize --codes` (Sources/Codes/CodesFiles.swift). */
typedef struct {
    int64_t element_bits;     /* bits per element code */
    int64_t code_bytes;       /* 1 (uint8 codes) or 2 (uint16, formats over 8 bits) */
    int64_t scale_count;      /* scale groups; 0 for an element format (no scales) */
    int64_t scale_bytes;      /* 1: uint8 scale codes (E8M0 e+127, or a minifloat's code);
                                 4: float32 scales (FP32); 0: no scales */
    int64_t zero_point_count; /* uint16 zero points (asymmetric formats), else 0 */
    int64_t has_tensor_scale; /* 1 when the format has a second-level FP32 tensor scale */
} quantlab_codes_layout;

int32_t quantlab_codes_layout_of(const char *spec, const int64_t *shape, int32_t ndim,
                                 quantlab_codes_layout *layout, char *error, size_t error_capacity);

/* Encodes input into `codes` (element count x code_bytes), `scales` (scale_count x scale_bytes),
   `tensor_scale` (1 without a second level) and `zero_points`; the scale outputs may be NULL for
   an element format. */
int32_t quantlab_encode(const float *input, const int64_t *shape, int32_t ndim, const char *spec,
                        const char *rounding, uint64_t seed, void *codes, void *scales, float *tensor_scale,
                        uint16_t *zero_points, char *error, size_t error_capacity);

/* Decodes codes, scales, tensor scale and zero points (the layout quantlab_encode writes) into
   `output`: bit for bit what quantlab_quantize gives for the encoded input. The arrays may be any
   unsigned integer width (`*_bytes` 1, 2 or 4; FP32 scales as their 4-byte bit patterns); a code,
   scale code or zero point out of the format's range is an error naming its index. `scales` and
   `zero_points` are ignored (may be NULL) where the format has none. */
int32_t quantlab_decode(const void *codes, int32_t code_bytes, const void *scales, int32_t scale_bytes,
                        float tensor_scale, const void *zero_points, int32_t zero_point_bytes,
                        const int64_t *shape, int32_t ndim, const char *spec, float *output,
                        char *error, size_t error_capacity);

/* Every metric of `quantlab analyze` for each of the `format_count` specs on the input tensor, as
   JSON {"cells": [{"format", "family", "transform", "rounding", "bits_per_element",
   "metrics": {id: value or null}, "original": report, "rotated": report or null,
   "nonfinite_replaced": count or null}]} (reports as in the CLI's --output FILE.json).
   hadamard: NULL (no rotation), "K" (blocks of K) or "full"; random_signs: the seed of random
   sign flips when has_random_signs is non-zero. */
int32_t quantlab_analyze(const float *input, const int64_t *shape, int32_t ndim,
                         const char *const *formats, int32_t format_count, const char *hadamard,
                         int32_t has_random_signs, uint64_t random_signs, const char *rounding, uint64_t seed,
                         int64_t block_size, int32_t allow_nonfinite, char **json,
                         char *error, size_t error_capacity);

/* Orthonormal Walsh-Hadamard rotation along the last axis (Sources/Transforms/HadamardRotation.swift):
   block_size 0 rotates whole rows (a power-of-two row length), else blocks of block_size (a power of
   two dividing the row length); random signs seeded by sign_seed when has_sign_seed is non-zero;
   inverse non-zero undoes the rotation. output may equal input (in place; otherwise input is
   copied to output once, then rotated there). */
int32_t quantlab_hadamard(const float *input, float *output, const int64_t *shape, int32_t ndim,
                          int64_t block_size, int32_t has_sign_seed, uint64_t sign_seed, int32_t inverse,
                          char *error, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif /* QUANTLAB_H */
