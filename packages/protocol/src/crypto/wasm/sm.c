/*
 * SM2 curve arithmetic (GB/T 32918, recommended curve) and SM3 (GB/T 32905) for wasm32, our own
 * code. Built by `npm run build:wasm` (scripts/build-wasm.sh) into sm.wasm; loaded by
 * ../impl/wasm.ts.
 *
 * Field: 8 x 32-bit little-endian limbs, Montgomery form with R = 2^256. wasm has 64-bit
 * multiplication but no 64x64->128, so 32-bit limbs with 64-bit products are the natural size.
 * p = 2^256 - 2^224 - 2^96 + 2^64 - 1 is -1 mod 2^32, so the Montgomery factor of each reduction
 * step is the low limb itself and m*p is a handful of shifted additions and subtractions.
 * Every field element leaving a function is fully reduced (< p), so equality is limb equality.
 *
 * Points: Jacobian (X, Y, Z), doubling for a = -3, mixed additions against affine tables:
 *  - fixed signed windows of W = 7 bits, 37 windows x 64 affine points (one table per point,
 *    the generator's and each cached public key's, kept in linear memory);
 *  - verify is variable-time (public data only): zero digits skipped, sliding wNAF(5) for a
 *    public key without a table, x compared projectively (no inversion);
 *  - k*G for signing and key generation runs the same operations for every k: each window's
 *    entry is read by scanning the whole window with masks, one mixed addition per window is
 *    always made and kept or dropped by mask, the accumulator starts at a fixed offset point so
 *    no addition meets infinity, and the inversion is a fixed exponentiation (Fermat).
 *
 * Memory map (all addresses from exported functions): io_ptr() is a 256-byte exchange buffer;
 * key tables live at table_base() + slot * TABLE_BYTES, grown on demand by tables_reserve().
 */
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t i64;
typedef u32 fe[8];
typedef uint64_t __attribute__((may_alias)) u64a; /* to read table entries as 64-bit lanes */

#define EXPORT(name) __attribute__((export_name(name)))

#define W 7
#define WINDOWS 37 /* ceil(256 / 7): the top window holds 4 bits, so the signed recoding never carries out of it */
#define HALF 64    /* 2^(W-1) points per window */
#define TABLE_POINTS (WINDOWS * HALF)
#define TABLE_BYTES (TABLE_POINTS * 64)

typedef struct {
  fe x, y;
} affine;
typedef struct {
  fe x, y, z;
} jac;

static const fe P_ = {0xffffffff, 0xffffffff, 0x00000000, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe};
static const fe N_ = {0x39d54123, 0x53bbf409, 0x21c6052b, 0x7203df6b, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe};
/* Generator in ordinary (not Montgomery) form, little-endian limbs. */
static const fe GX_ = {0x334c74c7, 0x715a4589, 0xf2660be1, 0x8fe30bbf, 0x6a39c994, 0x5f990446, 0x1f198119, 0x32c4ae2c};
static const fe GY_ = {0x2139f0a0, 0x02df32e5, 0xc62a4740, 0xd0a9877c, 0x6b692153, 0x59bdcee3, 0xf4f6779c, 0xbc3736a2};

static fe ONE_M; /* R mod p: 1 in Montgomery form */
static fe RR;    /* R^2 mod p: converts into Montgomery form */

static unsigned char io[256];
static affine g_table[TABLE_POINTS];
static int g_ready = 0;
static jac offset_c, offset_neg_c; /* 2^255*G and its negative (see mul_g_ct) */

/* ---------- 256-bit helpers ---------- */

static inline void fe_copy(fe r, const fe a) {
  for (int i = 0; i < 8; i++) r[i] = a[i];
}

static inline int fe_is_zero(const fe a) {
  u32 t = 0;
  for (int i = 0; i < 8; i++) t |= a[i];
  return t == 0;
}

static inline int fe_eq(const fe a, const fe b) {
  u32 t = 0;
  for (int i = 0; i < 8; i++) t |= a[i] ^ b[i];
  return t == 0;
}

/* r = a + b; returns the carry. */
static inline u32 add256(fe r, const fe a, const fe b) {
  u64 c = 0;
  for (int i = 0; i < 8; i++) {
    c += (u64)a[i] + b[i];
    r[i] = (u32)c;
    c >>= 32;
  }
  return (u32)c;
}

/* r = a - b; returns the borrow (1 or 0). */
static inline u32 sub256(fe r, const fe a, const fe b) {
  i64 c = 0;
  for (int i = 0; i < 8; i++) {
    c += (i64)a[i] - b[i];
    r[i] = (u32)c;
    c >>= 32; /* arithmetic: 0 or -1 */
  }
  return (u32)(-c);
}

/* r = mask ? a : b, mask all-ones or zero. */
static inline void fe_select(fe r, u32 mask, const fe a, const fe b) {
  for (int i = 0; i < 8; i++) r[i] = (a[i] & mask) | (b[i] & ~mask);
}

/* ---------- arithmetic mod p ---------- */

static inline void fp_add(fe r, const fe a, const fe b) {
  fe t, u;
  u32 c = add256(t, a, b);
  u32 br = sub256(u, t, P_);
  /* keep t - p unless a + b < p (no carry out and a borrow) */
  fe_select(r, -(u32)(br & (c ^ 1)), t, u);
}

static inline void fp_sub(fe r, const fe a, const fe b) {
  fe t, u;
  u32 br = sub256(t, a, b);
  add256(u, t, P_);
  fe_select(r, -br, u, t);
}

static inline void fp_neg(fe r, const fe a) {
  fe zero = {0};
  fp_sub(r, zero, a);
}

/* Montgomery reduction of a 512-bit value given as 16 limbs of 32 bits: r = t / 2^256 mod p. */
static inline void mont_reduce(fe r, u64 *t) {
  i64 s[17];
  for (int i = 0; i < 16; i++) s[i] = (i64)t[i];
  s[16] = 0;
  for (int i = 0; i < 8; i++) {
    /* m = s[i] mod 2^32; adding m*p = m*(2^256 - 2^224 - 2^96 + 2^64 - 1) at limb i clears it. */
    i64 m = s[i] & 0xffffffff;
    s[i + 1] += (s[i] - m) >> 32;
    s[i + 2] += m;
    s[i + 3] -= m;
    s[i + 7] -= m;
    s[i + 8] += m;
  }
  /* s[8..16] holds (t + M*p) / 2^256 < 2p with signed limbs: normalise. */
  fe v;
  i64 c = 0;
  for (int i = 0; i < 8; i++) {
    c += s[8 + i];
    v[i] = (u32)c;
    c >>= 32;
  }
  c += s[16];
  /* c is the bit 256 of the value (0 or 1). */
  fe u;
  u32 br = sub256(u, v, P_);
  /* value >= p iff carry out or no borrow */
  u32 ge = (u32)c | (br ^ 1);
  fe_select(r, -ge, u, v);
}

static void fp_mul(fe r, const fe a, const fe b) {
  u64 t[16] = {0};
  for (int i = 0; i < 8; i++) {
    u64 c = 0;
    u64 ai = a[i];
    for (int j = 0; j < 8; j++) {
      c += t[i + j] + ai * b[j];
      t[i + j] = (u32)c;
      c >>= 32;
    }
    t[i + 8] = c;
  }
  mont_reduce(r, t);
}

static void fp_sqr(fe r, const fe a) {
  u64 t[16] = {0};
  /* off-diagonal products once */
  for (int i = 0; i < 7; i++) {
    u64 c = 0;
    u64 ai = a[i];
    for (int j = i + 1; j < 8; j++) {
      c += t[i + j] + ai * a[j];
      t[i + j] = (u32)c;
      c >>= 32;
    }
    t[i + 8] = c;
  }
  /* double them and add the squares */
  u64 c = 0;
  for (int i = 0; i < 8; i++) {
    u64 sq = (u64)a[i] * a[i];
    c += (t[2 * i] << 1) + (u32)sq;
    t[2 * i] = (u32)c;
    c >>= 32;
    c += (t[2 * i + 1] << 1) + (sq >> 32);
    t[2 * i + 1] = (u32)c;
    c >>= 32;
  }
  mont_reduce(r, t);
}

static void fp_sqr_n(fe r, const fe a, int n) {
  fp_sqr(r, a);
  while (--n > 0) fp_sqr(r, r);
}

/* r = a^(2^n) * b */
static void fp_sqr_n_mul(fe r, const fe a, int n, const fe b) {
  fe t;
  fp_sqr_n(t, a, n);
  fp_mul(r, t, b);
}

/* r = a^(p-2): a fixed chain, so constant-time. p-2 = 2^256 - 2^224 - 2^96 + 2^64 - 3.
   xK = a^(2^K - 1), a run of K one bits. */
static void fp_inv(fe r, const fe a) {
  fe x2, x3, x6, x12, x15, x30, x31, x32, t;
  fp_sqr_n_mul(x2, a, 1, a);
  fp_sqr_n_mul(x3, x2, 1, a);
  fp_sqr_n_mul(x6, x3, 3, x3);
  fp_sqr_n_mul(x12, x6, 6, x6);
  fp_sqr_n_mul(x15, x12, 3, x3);
  fp_sqr_n_mul(x30, x15, 15, x15);
  fp_sqr_n_mul(x31, x30, 1, a);
  fp_sqr_n_mul(x32, x31, 1, a);
  /* exponent, from the top: 31 ones, 0, 128 ones, 32 zeros, 62 ones, 0, 1 */
  fp_sqr(t, x31); /* 31 ones then a 0 */
  for (int i = 0; i < 4; i++) fp_sqr_n_mul(t, t, 32, x32);
  fp_sqr_n(t, t, 32);
  fp_sqr_n_mul(t, t, 32, x32);
  fp_sqr_n_mul(t, t, 30, x30);
  fp_sqr_n_mul(r, t, 2, a);
}

static inline void to_mont(fe r, const fe a) { fp_mul(r, a, RR); }

static inline void from_mont(fe r, const fe a) {
  fe one = {1, 0, 0, 0, 0, 0, 0, 0};
  fp_mul(r, a, one);
}

/* ---------- bytes ---------- */

/* 32 big-endian bytes -> limbs */
static void fe_from_bytes(fe r, const unsigned char *b) {
  for (int i = 0; i < 8; i++) {
    const unsigned char *q = b + 28 - 4 * i;
    r[i] = ((u32)q[0] << 24) | ((u32)q[1] << 16) | ((u32)q[2] << 8) | q[3];
  }
}

static void fe_to_bytes(unsigned char *b, const fe a) {
  for (int i = 0; i < 8; i++) {
    unsigned char *q = b + 28 - 4 * i;
    q[0] = (unsigned char)(a[i] >> 24);
    q[1] = (unsigned char)(a[i] >> 16);
    q[2] = (unsigned char)(a[i] >> 8);
    q[3] = (unsigned char)a[i];
  }
}

/* ---------- points ---------- */

static inline int jac_is_inf(const jac *p) { return fe_is_zero(p->z); }

static void set_inf(jac *p) {
  for (int i = 0; i < 8; i++) p->x[i] = p->y[i] = p->z[i] = 0;
  fe_copy(p->x, ONE_M);
  fe_copy(p->y, ONE_M);
}

/* dbl-2001-b for a = -3: 3M + 5S. */
static void jac_dbl(jac *r, const jac *p) {
  if (jac_is_inf(p)) {
    *r = *p;
    return;
  }
  fe delta, gamma, beta, alpha, t1, t2, x3, z3, y3;
  fp_sqr(delta, p->z);
  fp_sqr(gamma, p->y);
  fp_mul(beta, p->x, gamma);
  fp_sub(t1, p->x, delta);
  fp_add(t2, p->x, delta);
  fp_mul(alpha, t1, t2);
  fp_add(t1, alpha, alpha);
  fp_add(alpha, t1, alpha); /* 3(X - delta)(X + delta) */
  fp_sqr(x3, alpha);
  fp_add(t1, beta, beta);  /* 2 beta */
  fp_add(t1, t1, t1);      /* 4 beta */
  fp_add(t2, t1, t1);      /* 8 beta */
  fp_sub(x3, x3, t2);
  fp_add(z3, p->y, p->z);
  fp_sqr(z3, z3);
  fp_sub(z3, z3, gamma);
  fp_sub(z3, z3, delta);
  fp_sub(t1, t1, x3);      /* 4 beta - X3 */
  fp_mul(y3, alpha, t1);
  fp_sqr(t2, gamma);
  fp_add(t2, t2, t2);
  fp_add(t2, t2, t2);
  fp_add(t2, t2, t2);      /* 8 gamma^2 */
  fp_sub(r->y, y3, t2);
  fe_copy(r->x, x3);
  fe_copy(r->z, z3);
}

/* The mixed addition's arithmetic with no special cases (p finite, p != +-q): 8M + 3S.
 * Returns h == 0 (then the result is garbage and the caller decides). */
static int madd_core(jac *r, const jac *p, const fe qx, const fe qy) {
  fe z1z1, u2, s2, h, rr, hh, hhh, v, t, x3, y3;
  fp_sqr(z1z1, p->z);
  fp_mul(u2, qx, z1z1);
  fp_mul(s2, qy, p->z);
  fp_mul(s2, s2, z1z1);
  fp_sub(h, u2, p->x);
  fp_sub(rr, s2, p->y);
  int degenerate = fe_is_zero(h);
  fp_sqr(hh, h);
  fp_mul(hhh, h, hh);
  fp_mul(v, p->x, hh);
  fp_sqr(x3, rr);
  fp_sub(x3, x3, hhh);
  fp_sub(x3, x3, v);
  fp_sub(x3, x3, v);
  fp_sub(t, v, x3);
  fp_mul(y3, rr, t);
  fp_mul(t, p->y, hhh);
  fp_sub(r->y, y3, t);
  fp_mul(r->z, p->z, h);
  fe_copy(r->x, x3);
  /* rr == 0 too means p == q (double); otherwise p == -q (infinity) */
  return degenerate ? (fe_is_zero(rr) ? 2 : 1) : 0;
}

/* p + (qx, qy), q affine and finite; variable-time special cases. */
static void jac_madd(jac *r, const jac *p, const fe qx, const fe qy) {
  if (jac_is_inf(p)) {
    fe_copy(r->x, qx);
    fe_copy(r->y, qy);
    fe_copy(r->z, ONE_M);
    return;
  }
  jac t;
  int d = madd_core(&t, p, qx, qy);
  if (d == 0) {
    *r = t;
  } else if (d == 2) {
    jac q;
    fe_copy(q.x, qx);
    fe_copy(q.y, qy);
    fe_copy(q.z, ONE_M);
    jac_dbl(r, &q);
  } else {
    set_inf(r);
  }
}

/* add-1998-cmo-2: 12M + 4S. */
static void jac_add(jac *r, const jac *p, const jac *q) {
  if (jac_is_inf(p)) {
    *r = *q;
    return;
  }
  if (jac_is_inf(q)) {
    *r = *p;
    return;
  }
  fe z1z1, z2z2, u1, u2, s1, s2, h, rr, hh, hhh, v, t, x3, y3, z3;
  fp_sqr(z1z1, p->z);
  fp_sqr(z2z2, q->z);
  fp_mul(u1, p->x, z2z2);
  fp_mul(u2, q->x, z1z1);
  fp_mul(s1, p->y, q->z);
  fp_mul(s1, s1, z2z2);
  fp_mul(s2, q->y, p->z);
  fp_mul(s2, s2, z1z1);
  fp_sub(h, u2, u1);
  fp_sub(rr, s2, s1);
  if (fe_is_zero(h)) {
    if (fe_is_zero(rr)) jac_dbl(r, p);
    else set_inf(r);
    return;
  }
  fp_sqr(hh, h);
  fp_mul(hhh, h, hh);
  fp_mul(v, u1, hh);
  fp_sqr(x3, rr);
  fp_sub(x3, x3, hhh);
  fp_sub(x3, x3, v);
  fp_sub(x3, x3, v);
  fp_sub(t, v, x3);
  fp_mul(y3, rr, t);
  fp_mul(t, s1, hhh);
  fp_sub(y3, y3, t);
  fp_mul(z3, p->z, q->z);
  fp_mul(z3, z3, h);
  fe_copy(r->x, x3);
  fe_copy(r->y, y3);
  fe_copy(r->z, z3);
}

/* Affine coordinates of n Jacobian points (all finite) with one inversion. scratch: n fe. */
static void to_affine_batch(affine *out, const jac *pts, fe *scratch, int n) {
  fe acc, inv, zi, zi2, t;
  fe_copy(acc, ONE_M);
  for (int i = 0; i < n; i++) {
    fe_copy(scratch[i], acc);
    fp_mul(acc, acc, pts[i].z);
  }
  fp_inv(inv, acc);
  for (int i = n - 1; i >= 0; i--) {
    fp_mul(zi, inv, scratch[i]);
    fp_mul(inv, inv, pts[i].z);
    fp_sqr(zi2, zi);
    fp_mul(out[i].x, pts[i].x, zi2);
    fp_mul(t, zi2, zi);
    fp_mul(out[i].y, pts[i].y, t);
  }
}

/* The W-bit signed-window table of the affine point (x, y) (Montgomery form). */
static void build_table(affine *table, const fe x, const fe y) {
  static jac pts[HALF];
  static fe scratch[HALF];
  jac base;
  fe_copy(base.x, x);
  fe_copy(base.y, y);
  fe_copy(base.z, ONE_M);
  for (int win = 0; win < WINDOWS; win++) {
    pts[0] = base;
    jac b2;
    jac_dbl(&b2, &base);
    pts[1] = b2;
    for (int j = 2; j < HALF; j++) jac_add(&pts[j], &pts[j - 1], &base);
    to_affine_batch(table + win * HALF, pts, scratch, HALF);
    jac_dbl(&base, &pts[HALF - 1]); /* 2 * 2^(W-1) * base = 2^W * base */
  }
}

/* Signed W-bit digits of k, least significant window first, |d| <= 2^(W-1). Branch-free. */
static void recode(int *d, const fe k) {
  u32 carry = 0;
  for (int win = 0; win < WINDOWS; win++) {
    int bit = win * W;
    u32 v = 0;
    if (bit < 256) {
      int limb = bit >> 5, off = bit & 31;
      u64 two = (u64)k[limb] | (limb < 7 ? (u64)k[limb + 1] << 32 : 0);
      v = (u32)(two >> off) & ((1u << W) - 1);
    }
    v += carry;
    /* v > HALF ? v - 2^W, carry 1 */
    carry = (u32)(HALF - (int)v) >> 31;
    d[win] = (int)v - (int)(carry << W);
  }
}

static void init(void) {
  if (g_ready) return;
  fe zero = {0};
  sub256(ONE_M, zero, P_); /* 2^256 - p = R mod p */
  fe_copy(RR, ONE_M);
  for (int i = 0; i < 256; i++) fp_add(RR, RR, RR); /* R * 2^256 mod p */
  fe gx, gy;
  to_mont(gx, GX_);
  to_mont(gy, GY_);
  build_table(g_table, gx, gy);
  /* offset C = 2^255 * G: window 36 (bits 252..258) holds 2^252 * j * G; j = 8 */
  fe_copy(offset_c.x, g_table[36 * HALF + 7].x);
  fe_copy(offset_c.y, g_table[36 * HALF + 7].y);
  fe_copy(offset_c.z, ONE_M);
  offset_neg_c = offset_c;
  fp_neg(offset_neg_c.y, offset_c.y);
  g_ready = 1;
}

/* acc + k * (point of table), variable-time. */
static void mul_table_add(jac *acc, const affine *table, const fe k) {
  int d[WINDOWS];
  recode(d, k);
  for (int win = 0; win < WINDOWS; win++) {
    int v = d[win];
    if (v == 0) continue;
    const affine *e = &table[win * HALF + (v < 0 ? -v : v) - 1];
    if (v > 0) {
      jac_madd(acc, acc, e->x, e->y);
    } else {
      fe ny;
      fp_neg(ny, e->y);
      jac_madd(acc, acc, e->x, ny);
    }
  }
}

/* k * (x, y) by sliding wNAF of width 5, variable-time (public keys seen once). */
static void mul_wnaf(jac *r, const fe x, const fe y, const fe k) {
  jac odd[8], p2;
  affine odd_a[8];
  fe scratch[8];
  fe_copy(odd[0].x, x);
  fe_copy(odd[0].y, y);
  fe_copy(odd[0].z, ONE_M);
  jac_dbl(&p2, &odd[0]);
  for (int i = 1; i < 8; i++) jac_add(&odd[i], &odd[i - 1], &p2);
  to_affine_batch(odd_a, odd, scratch, 8);
  /* wNAF digits of k: at most 257 */
  signed char naf[258];
  fe kk;
  fe_copy(kk, k);
  u32 top = 0; /* a 257th bit after a negative digit */
  int len = 0;
  while (!fe_is_zero(kk) || top) {
    int dgt = 0;
    if (kk[0] & 1) {
      dgt = (int)(kk[0] & 31);
      if (dgt >= 16) dgt -= 32;
      /* kk -= dgt */
      if (dgt > 0) {
        kk[0] -= (u32)dgt; /* low bits equal dgt: no borrow */
      } else {
        fe add = {(u32)(-dgt), 0, 0, 0, 0, 0, 0, 0};
        top += add256(kk, kk, add);
      }
    }
    naf[len++] = (signed char)dgt;
    /* kk >>= 1 (with the top bit) */
    for (int i = 0; i < 7; i++) kk[i] = (kk[i] >> 1) | (kk[i + 1] << 31);
    kk[7] = (kk[7] >> 1) | (top << 31);
    top = 0;
  }
  set_inf(r);
  for (int i = len - 1; i >= 0; i--) {
    jac_dbl(r, r);
    int dgt = naf[i];
    if (dgt > 0) {
      jac_madd(r, r, odd_a[(dgt - 1) >> 1].x, odd_a[(dgt - 1) >> 1].y);
    } else if (dgt < 0) {
      fe ny;
      fp_neg(ny, odd_a[(-dgt - 1) >> 1].y);
      jac_madd(r, r, odd_a[(-dgt - 1) >> 1].x, ny);
    }
  }
}

/* ---------- scalars mod n (public values only) ---------- */

static void modn_reduce_once(fe r, const fe a) {
  fe u;
  u32 br = sub256(u, a, N_);
  fe_select(r, -br, a, u);
}

/* ---------- exports ---------- */

EXPORT("io_ptr") unsigned char *io_ptr(void) { return io; }

EXPORT("table_bytes") u32 table_bytes(void) { return TABLE_BYTES; }

static unsigned char *tables = 0;
static u32 tables_count = 0;

/* Makes room for `count` key tables; returns their base address, or 0 when memory is exhausted. */
EXPORT("tables_reserve") unsigned char *tables_reserve(u32 count) {
  if (count <= tables_count) return tables;
  if (tables_count != 0) return 0; /* reserved once, at the size the caller's LRU needs */
  u32 pages = (count * (u32)TABLE_BYTES + 65535) / 65536;
  int old = __builtin_wasm_memory_grow(0, pages);
  if (old < 0) return 0;
  tables = (unsigned char *)((uintptr_t)old * 65536);
  tables_count = count;
  return tables;
}

/* io[0..64): public key X || Y (big-endian, validated by the caller). Builds its table at `at`. */
EXPORT("key_table_build") void key_table_build(unsigned char *at) {
  init();
  fe x, y, xm, ym;
  fe_from_bytes(x, io);
  fe_from_bytes(y, io + 32);
  to_mont(xm, x);
  to_mont(ym, y);
  build_table((affine *)at, xm, ym);
}

/*
 * io: e[32] r[32] s[32] X[32] Y[32] (big-endian; r, s in [1, n-1], (X, Y) a validated point).
 * table: the key's table, or 0 to use X, Y without one. Returns 1 if (r, s) is a valid SM2
 * signature of e.
 */
EXPORT("verify") int verify(const unsigned char *table) {
  init();
  fe e, r, s, t;
  fe_from_bytes(e, io);
  fe_from_bytes(r, io + 32);
  fe_from_bytes(s, io + 64);
  /* t = (r + s) mod n; r, s < n */
  u32 c = add256(t, r, s);
  fe u;
  u32 br = sub256(u, t, N_);
  fe_select(t, -(u32)(br & (c ^ 1)), t, u);
  if (fe_is_zero(t)) return 0;

  jac acc;
  set_inf(&acc);
  mul_table_add(&acc, g_table, s);
  if (table) {
    mul_table_add(&acc, (const affine *)table, t);
  } else {
    fe x, y, xm, ym;
    jac tp;
    fe_from_bytes(x, io + 96);
    fe_from_bytes(y, io + 128);
    to_mont(xm, x);
    to_mont(ym, y);
    mul_wnaf(&tp, xm, ym, t);
    jac_add(&acc, &acc, &tp);
  }
  if (jac_is_inf(&acc)) return 0;
  /* (e + x1) mod n == r  <=>  x1 in {v, v + n (if < p)} with v = (r - e) mod n;
     x1 = X / Z^2, so compare X with v * Z^2 (no inversion). */
  fe en, v, z2, vm, cmp;
  modn_reduce_once(en, e); /* e < 2^256 < 2n */
  br = sub256(v, r, en);
  if (br) add256(v, v, N_);
  fp_sqr(z2, acc.z);
  for (int k = 0; k < 2; k++) {
    to_mont(vm, v);
    fp_mul(cmp, vm, z2);
    if (fe_eq(cmp, acc.x)) return 1;
    /* v + n, if it is still below p */
    fe w;
    if (add256(w, v, N_)) break;
    fe q;
    if (!sub256(q, w, P_)) break; /* w >= p */
    fe_copy(v, w);
  }
  return 0;
}

/*
 * k*G with the same operations for every k (io[0..32): k, big-endian, 1 <= k < n).
 * Writes affine x, y to io[32..96) and clears k from io.
 */
EXPORT("mul_g") void mul_g(void) {
  init();
  fe k;
  fe_from_bytes(k, io);
  for (int i = 0; i < 32; i++) io[i] = 0;
  int d[WINDOWS];
  recode(d, k);
  jac acc = offset_c, t;
  affine ent;
  for (int win = 0; win < WINDOWS; win++) {
    int v = d[win];
    u32 sign = (u32)(v >> 31);          /* all-ones if negative */
    u32 abs = ((u32)v ^ sign) - sign;   /* |v| */
    u32 nz = -(u32)((abs | -abs) >> 31); /* all-ones if v != 0 */
    /* read entry max(|v|,1) by scanning the whole window */
    u32 want = abs | (~nz & 1);
    /* 64-bit lanes: an entry is 8 words of 64 bits, half the operations of 32-bit ones */
    const u64a *row = (const u64a *)&g_table[win * HALF];
    u64a lanes[8] = {0};
    for (u32 j = 0; j < HALF; j++) {
      u32 diff = (j + 1) ^ want;
      u64 m = (u64)0 - (u64)(1 - ((diff | -diff) >> 31)); /* all-ones if equal */
      for (int i = 0; i < 8; i++) lanes[i] |= row[8 * j + i] & m;
    }
    __builtin_memcpy(&ent, lanes, sizeof ent);
    fe ny;
    fp_neg(ny, ent.y);
    fe_select(ent.y, sign, ny, ent.y);
    /* acc == +-entry only for a few chosen k (e.g. 2^255): never for a random nonce, so the
       branch that handles it correctly does not depend on secret data in practice */
    if (madd_core(&t, &acc, ent.x, ent.y) && nz) jac_madd(&t, &acc, ent.x, ent.y);
    fe_select(acc.x, nz, t.x, acc.x);
    fe_select(acc.y, nz, t.y, acc.y);
    fe_select(acc.z, nz, t.z, acc.z);
  }
  /* remove the offset: acc - C (a full addition; public structure, k-independent sequence) */
  jac_add(&acc, &acc, &offset_neg_c);
  fe zi, zi2, x, y, tt;
  fp_inv(zi, acc.z);
  fp_sqr(zi2, zi);
  fp_mul(x, acc.x, zi2);
  fp_mul(tt, zi2, zi);
  fp_mul(y, acc.y, tt);
  from_mont(x, x);
  from_mont(y, y);
  fe_to_bytes(io + 32, x);
  fe_to_bytes(io + 64, y);
  for (int i = 0; i < 8; i++) k[i] = 0;
}

/* ---------- SM3 (GB/T 32905), streamed through a fixed buffer ---------- */

#define SM3_BUF 65536
static unsigned char sm3_in[SM3_BUF];
static u32 sm3_v[8];
static unsigned char sm3_block[64];
static u32 sm3_fill;   /* bytes in sm3_block */
static u64 sm3_total;  /* bytes hashed so far */

static inline u32 rotl32(u32 x, int n) { return (x << n) | (x >> ((32 - n) & 31)); }

static void sm3_compress(u32 *v, const unsigned char *m) {
  u32 w[68];
  for (int j = 0; j < 16; j++) {
    const unsigned char *q = m + 4 * j;
    w[j] = ((u32)q[0] << 24) | ((u32)q[1] << 16) | ((u32)q[2] << 8) | q[3];
  }
#pragma clang loop unroll(full)
  for (int j = 16; j < 68; j++) {
    u32 x = w[j - 16] ^ w[j - 9] ^ rotl32(w[j - 3], 15);
    w[j] = x ^ rotl32(x, 15) ^ rotl32(x, 23) ^ rotl32(w[j - 13], 7) ^ w[j - 6];
  }
  u32 a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
#pragma clang loop unroll(full)
  for (int j = 0; j < 16; j++) {
    u32 a12 = rotl32(a, 12);
    u32 ss1 = rotl32(a12 + e + rotl32(0x79cc4519u, j), 7);
    u32 ss2 = ss1 ^ a12;
    u32 tt1 = (a ^ b ^ c) + d + ss2 + (w[j] ^ w[j + 4]);
    u32 tt2 = (e ^ f ^ g) + h + ss1 + w[j];
    d = c; c = rotl32(b, 9); b = a; a = tt1;
    h = g; g = rotl32(f, 19); f = e; e = tt2 ^ rotl32(tt2, 9) ^ rotl32(tt2, 17);
  }
#pragma clang loop unroll(full)
  for (int j = 16; j < 64; j++) {
    u32 a12 = rotl32(a, 12);
    u32 ss1 = rotl32(a12 + e + rotl32(0x7a879d8au, j & 31), 7);
    u32 ss2 = ss1 ^ a12;
    u32 tt1 = ((a & b) | (a & c) | (b & c)) + d + ss2 + (w[j] ^ w[j + 4]);
    u32 tt2 = ((e & f) | (~e & g)) + h + ss1 + w[j];
    d = c; c = rotl32(b, 9); b = a; a = tt1;
    h = g; g = rotl32(f, 19); f = e; e = tt2 ^ rotl32(tt2, 9) ^ rotl32(tt2, 17);
  }
  v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d; v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
}

EXPORT("sm3_buf") unsigned char *sm3_buf(void) { return sm3_in; }
EXPORT("sm3_buf_size") u32 sm3_buf_size(void) { return SM3_BUF; }

EXPORT("sm3_init") void sm3_init(void) {
  static const u32 iv[8] = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};
  for (int i = 0; i < 8; i++) sm3_v[i] = iv[i];
  sm3_fill = 0;
  sm3_total = 0;
}

/* Hashes the first n bytes of sm3_buf() (n <= its size). */
EXPORT("sm3_update") void sm3_update(u32 n) {
  const unsigned char *p = sm3_in;
  sm3_total += n;
  if (sm3_fill) {
    while (n && sm3_fill < 64) { sm3_block[sm3_fill++] = *p++; n--; }
    if (sm3_fill < 64) return;
    sm3_compress(sm3_v, sm3_block);
    sm3_fill = 0;
  }
  for (; n >= 64; n -= 64, p += 64) sm3_compress(sm3_v, p);
  while (n--) sm3_block[sm3_fill++] = *p++;
}

/* Pads, and writes the 32-byte digest to io[0..32). */
EXPORT("sm3_final") void sm3_final(void) {
  u64 bits = sm3_total * 8;
  sm3_block[sm3_fill++] = 0x80;
  if (sm3_fill > 56) {
    while (sm3_fill < 64) sm3_block[sm3_fill++] = 0;
    sm3_compress(sm3_v, sm3_block);
    sm3_fill = 0;
  }
  while (sm3_fill < 56) sm3_block[sm3_fill++] = 0;
  for (int i = 0; i < 8; i++) sm3_block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
  sm3_compress(sm3_v, sm3_block);
  for (int i = 0; i < 8; i++) {
    io[4 * i] = (unsigned char)(sm3_v[i] >> 24);
    io[4 * i + 1] = (unsigned char)(sm3_v[i] >> 16);
    io[4 * i + 2] = (unsigned char)(sm3_v[i] >> 8);
    io[4 * i + 3] = (unsigned char)sm3_v[i];
  }
  sm3_fill = 0;
}
