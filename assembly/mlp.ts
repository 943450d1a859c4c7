// Dense kernels of BatchedMlp (src/core/learning/mlp.ts) and a fused Adam step, in WebAssembly SIMD (f64x2).
// Pointers are byte offsets into this module's memory, which the host lays out and grows. Network layout, batch
// layout and the backward formulas are BatchedMlp's; M networks are processed in one call.
//
// Bit for bit the TypeScript path: every output is a sum in the TypeScript path's order (start value, then the
// products k = 0, 1, … one rounding each, never fused), SIMD lanes only ever hold DIFFERENT outputs, and exp is
// fdlibm's (FreeBSD msun e_exp.c, which V8's Math.exp is), so each lane rounds exactly as the scalar code does.

// ---------------------------------------------------------------------------------------------------------------
// exp and tanh

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const E: f64 = 2.718281828459045;
const TWO_M1000: f64 = 9.33263618503218878990e-302;
const TWO_1023: f64 = 8.988465674311579539e307;
const HUGE: f64 = 1.0e300;

// fdlibm exp (e_exp.c as in V8's src/base/ieee754.cc), scalar.
function fdexp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const xsb = <i32>(hx >> 31);
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if ((bits & 0x000fffffffffffff) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > 7.09782712893383973096e02) return HUGE * HUGE;
    if (x < -7.45133219101941108420e02) return TWO_M1000 * TWO_M1000;
  }
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1.0) return E;
      hi = xsb ? x + LN2_HI : x - LN2_HI;
      lo = xsb ? -LN2_LO : LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(INV_LN2 * x + (xsb ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (HUGE + x > 1.0) return 1.0 + x;
  } else {
    k = 0;
  }
  const t = x * x;
  const twopk = k >= -1021 ? reinterpret<f64>(<u64>(0x3ff + k) << 52) : reinterpret<f64>(<u64>(0x3ff + k + 1000) << 52);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * twopk;
  }
  return y * twopk * TWO_M1000;
}

// tanh(x) = 1 − 2/(e^{2x} + 1), as in the TypeScript path.
// @ts-ignore: decorator
@inline
function tanh1(x: f64): f64 {
  return 1.0 - 2.0 / (fdexp(2.0 * x) + 1.0);
}

// fdlibm exp on both lanes where 2^-28 ≤ |x| < 700 and x ≠ 1 (the branches there give one formula, see fdexp:
// k = trunc(x/ln2 ± ½), which is ±1 exactly where fdlibm special-cases |x| < 1.5 ln2); other lanes go scalar.
function vexp(x: v128): v128 {
  const ax = f64x2.abs(x);
  const fast = v128.and(
    v128.and(f64x2.ge(ax, f64x2.splat(3.725290298461914e-9)), f64x2.lt(ax, f64x2.splat(700.0))),
    f64x2.ne(x, f64x2.splat(1.0)),
  );
  if (!i64x2.all_true(fast)) {
    return f64x2.replace_lane(f64x2.splat(fdexp(f64x2.extract_lane(x, 0))), 1, fdexp(f64x2.extract_lane(x, 1)));
  }
  // |x| ≤ 0.5 ln2 (high word ≤ 0x3fd62e42): k = 0.
  const small = f64x2.lt(ax, f64x2.splat(reinterpret<f64>(<u64>0x3fd62e4300000000)));
  const half = v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), f64x2.lt(x, f64x2.splat(0)));
  const t = v128.andnot(f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(INV_LN2), x), half)), small);
  const hi = f64x2.sub(x, f64x2.mul(t, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(t, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const tt = f64x2.mul(r, r);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(tt, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(tt, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(tt, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(tt, p));
  const c = f64x2.sub(r, f64x2.mul(tt, p));
  const one = f64x2.splat(1.0);
  const two = f64x2.splat(2.0);
  // (x·c)/(c − 2) = −((x·c)/(2 − c)) exactly (round-to-nearest is symmetric): one division serves both formulas.
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(two, c));
  const r0 = f64x2.sub(one, f64x2.sub(f64x2.neg(q), r));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k: t + (2^52 + 1023) holds the integer k + 1023 in its low mantissa bits (exact); shift them into the exponent.
  const twopk = i64x2.shl(f64x2.add(t, f64x2.splat(4503599627371519.0)), 52);
  return v128.bitselect(r0, f64x2.mul(y, twopk), small);
}

// @ts-ignore: decorator
@inline
function vtanh(x: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.sub(one, f64x2.div(f64x2.splat(2.0), f64x2.add(vexp(f64x2.add(x, x)), one)));
}

// ---------------------------------------------------------------------------------------------------------------
// One matrix product: C[i, n] = S[i, n] + Σ_{k<K} A(i, k)·Bm[k, n], k ascending, for i < I, n < N.
// A(i, k) at a + i·aI + k·aK (byte strides, any); Bm rows at bm + k·bK, contiguous in n; C rows at
// c + i·cI and the start values S rows at s + i·sI, both contiguous in n (sI = 0: one row for all, e.g. a bias or
// zeros; s = c, sI = cI: accumulate into C). Register blocks: 2 rows × 8 columns, then 4 rows × 4, × 2, × 1.
// (tanh is a separate pass, `tanhInto`: inlined into these blocks it spilled their registers.)

function gemm(I: i32, N: i32, K: i32, a: usize, aI: usize, aK: usize, bm: usize, bK: usize, c: usize, cI: usize, s: usize, sI: usize): void {
  let n = 0;
  for (; n + 8 <= N; n += 8) {
    const no = (<usize>n) << 3;
    let i = 0;
    for (; i + 2 <= I; i += 2) {
      const s0 = s + <usize>i * sI + no;
      const s1 = s0 + sI;
      let x0 = v128.load(s0);
      let x1 = v128.load(s0, 16);
      let x2 = v128.load(s0, 32);
      let x3 = v128.load(s0, 48);
      let y0 = v128.load(s1);
      let y1 = v128.load(s1, 16);
      let y2 = v128.load(s1, 32);
      let y3 = v128.load(s1, 48);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const u = v128.load64_splat(ap);
        const w = v128.load64_splat(ap + aI);
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const b2 = v128.load(bp, 32);
        const b3 = v128.load(bp, 48);
        x0 = f64x2.add(x0, f64x2.mul(u, b0));
        x1 = f64x2.add(x1, f64x2.mul(u, b1));
        x2 = f64x2.add(x2, f64x2.mul(u, b2));
        x3 = f64x2.add(x3, f64x2.mul(u, b3));
        y0 = f64x2.add(y0, f64x2.mul(w, b0));
        y1 = f64x2.add(y1, f64x2.mul(w, b1));
        y2 = f64x2.add(y2, f64x2.mul(w, b2));
        y3 = f64x2.add(y3, f64x2.mul(w, b3));
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      const c1 = c0 + cI;
      v128.store(c0, x0);
      v128.store(c0, x1, 16);
      v128.store(c0, x2, 32);
      v128.store(c0, x3, 48);
      v128.store(c1, y0);
      v128.store(c1, y1, 16);
      v128.store(c1, y2, 32);
      v128.store(c1, y3, 48);
    }
    for (; i < I; i++) {
      for (let q = 0; q < 8; q += 2) gemm1(i, n + q, K, a, aI, aK, bm, bK, c, cI, s, sI);
    }
  }
  for (; n + 2 <= N; n += 2) {
    const no = (<usize>n) << 3;
    const two = n + 4 <= N;
    let i = 0;
    for (; i + 4 <= I; i += 4) {
      const s0 = s + <usize>i * sI + no;
      let x0 = v128.load(s0);
      let x1 = v128.load(s0 + sI);
      let x2 = v128.load(s0 + 2 * sI);
      let x3 = v128.load(s0 + 3 * sI);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      if (two) {
        let y0 = v128.load(s0, 16);
        let y1 = v128.load(s0 + sI, 16);
        let y2 = v128.load(s0 + 2 * sI, 16);
        let y3 = v128.load(s0 + 3 * sI, 16);
        for (let k = 0; k < K; k++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const u0 = v128.load64_splat(ap);
          const u1 = v128.load64_splat(ap + aI);
          const u2 = v128.load64_splat(ap + 2 * aI);
          const u3 = v128.load64_splat(ap + 3 * aI);
          x0 = f64x2.add(x0, f64x2.mul(u0, b0));
          x1 = f64x2.add(x1, f64x2.mul(u1, b0));
          x2 = f64x2.add(x2, f64x2.mul(u2, b0));
          x3 = f64x2.add(x3, f64x2.mul(u3, b0));
          y0 = f64x2.add(y0, f64x2.mul(u0, b1));
          y1 = f64x2.add(y1, f64x2.mul(u1, b1));
          y2 = f64x2.add(y2, f64x2.mul(u2, b1));
          y3 = f64x2.add(y3, f64x2.mul(u3, b1));
          ap += aK;
          bp += bK;
        }
        const c0 = c + <usize>i * cI + no;
        v128.store(c0, y0, 16);
        v128.store(c0 + cI, y1, 16);
        v128.store(c0 + 2 * cI, y2, 16);
        v128.store(c0 + 3 * cI, y3, 16);
      } else {
        for (let k = 0; k < K; k++) {
          const b0 = v128.load(bp);
          x0 = f64x2.add(x0, f64x2.mul(v128.load64_splat(ap), b0));
          x1 = f64x2.add(x1, f64x2.mul(v128.load64_splat(ap + aI), b0));
          x2 = f64x2.add(x2, f64x2.mul(v128.load64_splat(ap + 2 * aI), b0));
          x3 = f64x2.add(x3, f64x2.mul(v128.load64_splat(ap + 3 * aI), b0));
          ap += aK;
          bp += bK;
        }
      }
      const c0 = c + <usize>i * cI + no;
      v128.store(c0, x0);
      v128.store(c0 + cI, x1);
      v128.store(c0 + 2 * cI, x2);
      v128.store(c0 + 3 * cI, x3);
    }
    for (; i < I; i++) {
      gemm1(i, n, K, a, aI, aK, bm, bK, c, cI, s, sI);
      if (two) gemm1(i, n + 2, K, a, aI, aK, bm, bK, c, cI, s, sI);
    }
    if (two) n += 2;
  }
  if (n < N) {
    // The last (odd) column: scalar, four rows at a time.
    const no = (<usize>n) << 3;
    let i = 0;
    for (; i + 4 <= I; i += 4) {
      const s0 = s + <usize>i * sI + no;
      let x0 = load<f64>(s0);
      let x1 = load<f64>(s0 + sI);
      let x2 = load<f64>(s0 + 2 * sI);
      let x3 = load<f64>(s0 + 3 * sI);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const b = load<f64>(bp);
        x0 += load<f64>(ap) * b;
        x1 += load<f64>(ap + aI) * b;
        x2 += load<f64>(ap + 2 * aI) * b;
        x3 += load<f64>(ap + 3 * aI) * b;
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      store<f64>(c0, x0);
      store<f64>(c0 + cI, x1);
      store<f64>(c0 + 2 * cI, x2);
      store<f64>(c0 + 3 * cI, x3);
    }
    for (; i < I; i++) {
      let x = load<f64>(s + <usize>i * sI + no);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        x += load<f64>(ap) * load<f64>(bp);
        ap += aK;
        bp += bK;
      }
      store<f64>(c + <usize>i * cI + no, x);
    }
  }
}

// One row, one column pair of `gemm`.
function gemm1(i: i32, n: i32, K: i32, a: usize, aI: usize, aK: usize, bm: usize, bK: usize, c: usize, cI: usize, s: usize, sI: usize): void {
  const no = (<usize>n) << 3;
  let x = v128.load(s + <usize>i * sI + no);
  let ap = a + <usize>i * aI;
  let bp = bm + no;
  for (let k = 0; k < K; k++) {
    x = f64x2.add(x, f64x2.mul(v128.load64_splat(ap), v128.load(bp)));
    ap += aK;
    bp += bK;
  }
  v128.store(c + <usize>i * cI + no, x);
}

// c[n] = c[n] + Σ_{k<K} Bm[k, n] (k ascending), Bm rows at bm + k·bK: a bias gradient summed over the batch.
function colSum(N: i32, K: i32, bm: usize, bK: usize, c: usize): void {
  let n = 0;
  for (; n + 2 <= N; n += 2) {
    const no = (<usize>n) << 3;
    let x = v128.load(c + no);
    let bp = bm + no;
    for (let k = 0; k < K; k++) {
      x = f64x2.add(x, v128.load(bp));
      bp += bK;
    }
    v128.store(c + no, x);
  }
  if (n < N) {
    const no = (<usize>n) << 3;
    let x = load<f64>(c + no);
    let bp = bm + no;
    for (let k = 0; k < K; k++) {
      x += load<f64>(bp);
      bp += bK;
    }
    store<f64>(c + no, x);
  }
}

// dst[k, j] = src[j, k] for a [rows, cols] matrix (byte offsets).
function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let j = 0; j < rows; j++) {
    for (let k = 0; k < cols; k++) {
      store<f64>(dst + ((<usize>(k * rows + j)) << 3), load<f64>(src + ((<usize>(j * cols + k)) << 3)));
    }
  }
}

// v[i] = v[i]·(1 − a[i]²) for i < n (the tanh derivative).
function tanhBack(v: usize, a: usize, n: i32): void {
  const one = f64x2.splat(1.0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 3;
    const x = v128.load(a + o);
    v128.store(v + o, f64x2.mul(v128.load(v + o), f64x2.sub(one, f64x2.mul(x, x))));
  }
  if (i < n) {
    const o = (<usize>i) << 3;
    const x = load<f64>(a + o);
    store<f64>(v + o, load<f64>(v + o) * (1.0 - x * x));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Exports

// Forward of M networks (d → h → h → o, tanh) over x [M, B, d]: writes a1, a2 [M, B, h] and out [M, B, o].
// wt: scratch for one network's transposed weights (P doubles).
export function forward(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, x: usize, a1: usize, a2: usize, out: usize, wt: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  const w1t = wt;
  const w2t = w1t + (<usize>(h * d) << 3);
  const w3t = w2t + (<usize>(h * h) << 3);
  const d8 = (<usize>d) << 3;
  const h8 = (<usize>h) << 3;
  const o8 = (<usize>o) << 3;
  for (let m = 0; m < M; m++) {
    const w1 = w + (<usize>(m * P) << 3);
    const b1 = w1 + (<usize>(h * d) << 3);
    const w2 = b1 + h8;
    const b2 = w2 + (<usize>(h * h) << 3);
    const w3 = b2 + h8;
    const b3 = w3 + (<usize>(o * h) << 3);
    transpose(w1, h, d, w1t);
    transpose(w2, h, h, w2t);
    transpose(w3, o, h, w3t);
    const xm = x + <usize>(m * B) * d8;
    const a1m = a1 + <usize>(m * B) * h8;
    const a2m = a2 + <usize>(m * B) * h8;
    gemm(B, h, d, xm, d8, 8, w1t, h8, a1m, h8, b1, 0);
    tanhInto(B * h, a1m, a1m);
    gemm(B, h, h, a1m, h8, 8, w2t, h8, a2m, h8, b2, 0);
    tanhInto(B * h, a2m, a2m);
    gemm(B, o, h, a2m, h8, 8, w3t, o8, out + <usize>(m * B) * o8, o8, b3, 0);
  }
}

// Backward of the last forward: given dOut [M, B, o], ADDS ∂L/∂θ to g [M, P]; d1, d2 are [B, h] scratch and
// zero points to h zero doubles.
export function backward(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, g: usize, x: usize, a1: usize, a2: usize, dOut: usize, d1: usize, d2: usize, zero: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  const d8 = (<usize>d) << 3;
  const h8 = (<usize>h) << 3;
  const o8 = (<usize>o) << 3;
  for (let m = 0; m < M; m++) {
    const off = <usize>(m * P) << 3;
    const w1 = off;
    const b1 = w1 + (<usize>(h * d) << 3);
    const w2 = b1 + h8;
    const b2 = w2 + (<usize>(h * h) << 3);
    const w3 = b2 + h8;
    const b3 = w3 + (<usize>(o * h) << 3);
    const xm = x + <usize>(m * B) * d8;
    const a1m = a1 + <usize>(m * B) * h8;
    const a2m = a2 + <usize>(m * B) * h8;
    const gy = dOut + <usize>(m * B) * o8;
    // Output layer: g_b3 += Σ_b gy, g_W3 += gyᵀ·a2, δ2 = (gy·W3) ⊙ (1 − a2²).
    colSum(o, B, gy, o8, g + b3);
    gemm(o, h, B, gy, 8, o8, a2m, h8, g + w3, h8, g + w3, h8);
    gemm(B, h, o, gy, o8, 8, w + w3, h8, d2, h8, zero, 0);
    tanhBack(d2, a2m, B * h);
    // Second layer.
    colSum(h, B, d2, h8, g + b2);
    gemm(h, h, B, d2, 8, h8, a1m, h8, g + w2, h8, g + w2, h8);
    gemm(B, h, h, d2, h8, 8, w + w2, h8, d1, h8, zero, 0);
    tanhBack(d1, a1m, B * h);
    // First layer (no input gradient).
    colSum(h, B, d1, h8, g + b1);
    gemm(h, d, B, d1, 8, h8, xm, d8, g + w1, d8, g + w1, d8);
  }
}

// Adam ascent over n parameters (Kingma & Ba 2015, Algorithm 1, as `adam` in src/core/learning/optimizers.ts,
// operation for operation): m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g g; θ ← θ + lr (m/c1) / (√(v/c2) + ε),
// with omb1 = 1 − β1, omb2 = 1 − β2, c1 = 1 − β1^t, c2 = 1 − β2^t computed by the host.
export function adam(n: i32, p: usize, g: usize, m: usize, v: usize, lr: f64, b1: f64, b2: f64, omb1: f64, omb2: f64, c1: f64, c2: f64, eps: f64): void {
  const vb1 = f64x2.splat(b1);
  const vb2 = f64x2.splat(b2);
  const vo1 = f64x2.splat(omb1);
  const vo2 = f64x2.splat(omb2);
  const vc1 = f64x2.splat(c1);
  const vc2 = f64x2.splat(c2);
  const vlr = f64x2.splat(lr);
  const veps = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 3;
    const gg = v128.load(g + o);
    const mm = f64x2.add(f64x2.mul(vb1, v128.load(m + o)), f64x2.mul(vo1, gg));
    const vv = f64x2.add(f64x2.mul(vb2, v128.load(v + o)), f64x2.mul(f64x2.mul(vo2, gg), gg));
    v128.store(m + o, mm);
    v128.store(v + o, vv);
    const step = f64x2.div(f64x2.mul(vlr, f64x2.div(mm, vc1)), f64x2.add(f64x2.sqrt(f64x2.div(vv, vc2)), veps));
    v128.store(p + o, f64x2.add(v128.load(p + o), step));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 3;
    const gg = load<f64>(g + o);
    const mm = b1 * load<f64>(m + o) + omb1 * gg;
    const vv = b2 * load<f64>(v + o) + omb2 * gg * gg;
    store<f64>(m + o, mm);
    store<f64>(v + o, vv);
    store<f64>(p + o, load<f64>(p + o) + (lr * (mm / c1)) / (Math.sqrt(vv / c2) + eps));
  }
}

// Exported for the test that checks this exp against the host's Math.exp bit for bit.
export function expScalar(x: f64): f64 {
  return fdexp(x);
}

// tanh of n doubles at x into y (may be x), through the SIMD path (pairs) and the scalar one (last odd element).
export function tanhInto(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(y + ((<usize>i) << 3), vtanh(v128.load(x + ((<usize>i) << 3))));
  if (i < n) store<f64>(y + ((<usize>i) << 3), tanh1(load<f64>(x + ((<usize>i) << 3))));
}

// ===============================================================================================================
// Float32 kernels (f32x4): the same network, layouts and formulas, computed in single precision as PyTorch does.
// NOT bit-identical to the TypeScript path: parameters, gradients, inputs and outputs stay float64 in the host's
// buffers; weights and inputs are rounded to float32 on the way in, products and sums are float32, and gradients
// are accumulated in float32 per call, then added to the float64 gradient. tanh uses the float32 exp below.

// e^y for float32 lanes, |y| ≤ 80 (clamped; tanh saturates far earlier): Cephes expf (S. Moshier, Cephes Math
// Library, expf.c): n = round(y/ln2), r = y − n·C1 − n·C2 (C1 + C2 = ln2, C1 exact in 9 bits), e^r by a degree-7
// polynomial, times 2^n built in the exponent bits. Relative error ≈ 2e-7 (a few float32 ulps).
// @ts-ignore: decorator
@inline
function vexp32(y: v128): v128 {
  const x = f32x4.min(f32x4.max(y, f32x4.splat(-80.0)), f32x4.splat(80.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(1.9875691500e-4), r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const e = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(e, scale);
}

// tanh(x) = 1 − 2/(e^{2x} + 1) on float32 lanes (absolute error ≲ 2e-7).
// @ts-ignore: decorator
@inline
function vtanh32(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(vexp32(f32x4.add(x, x)), one)));
}

// tanh of n floats at x into y (may be x); the tail (n mod 4) through a zero-padded vector.
function tanhInto32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + ((<usize>i) << 2), vtanh32(v128.load(x + ((<usize>i) << 2))));
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, f32x4.extract_lane(vtanh32(f32x4.splat(load<f32>(x + o))), 0));
  }
}

// Float32 twin of `gemm`: C[i, n] = S[i, n] + Σ_{k<K} A(i, k)·Bm[k, n] over float32 (4-byte elements; strides in
// bytes). Register blocks: 2 rows × 16 columns (eight accumulators), then 4 rows × 4, then scalar columns.
function gemm32(I: i32, N: i32, K: i32, a: usize, aI: usize, aK: usize, bm: usize, bK: usize, c: usize, cI: usize, s: usize, sI: usize): void {
  let n = 0;
  for (; n + 16 <= N; n += 16) {
    const no = (<usize>n) << 2;
    let i = 0;
    for (; i + 2 <= I; i += 2) {
      const s0 = s + <usize>i * sI + no;
      const s1 = s0 + sI;
      let x0 = v128.load(s0);
      let x1 = v128.load(s0, 16);
      let x2 = v128.load(s0, 32);
      let x3 = v128.load(s0, 48);
      let y0 = v128.load(s1);
      let y1 = v128.load(s1, 16);
      let y2 = v128.load(s1, 32);
      let y3 = v128.load(s1, 48);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const u = v128.load32_splat(ap);
        const w = v128.load32_splat(ap + aI);
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const b2 = v128.load(bp, 32);
        const b3 = v128.load(bp, 48);
        x0 = f32x4.add(x0, f32x4.mul(u, b0));
        x1 = f32x4.add(x1, f32x4.mul(u, b1));
        x2 = f32x4.add(x2, f32x4.mul(u, b2));
        x3 = f32x4.add(x3, f32x4.mul(u, b3));
        y0 = f32x4.add(y0, f32x4.mul(w, b0));
        y1 = f32x4.add(y1, f32x4.mul(w, b1));
        y2 = f32x4.add(y2, f32x4.mul(w, b2));
        y3 = f32x4.add(y3, f32x4.mul(w, b3));
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      const c1 = c0 + cI;
      v128.store(c0, x0);
      v128.store(c0, x1, 16);
      v128.store(c0, x2, 32);
      v128.store(c0, x3, 48);
      v128.store(c1, y0);
      v128.store(c1, y1, 16);
      v128.store(c1, y2, 32);
      v128.store(c1, y3, 48);
    }
    for (; i < I; i++) {
      const s0 = s + <usize>i * sI + no;
      let x0 = v128.load(s0);
      let x1 = v128.load(s0, 16);
      let x2 = v128.load(s0, 32);
      let x3 = v128.load(s0, 48);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const u = v128.load32_splat(ap);
        x0 = f32x4.add(x0, f32x4.mul(u, v128.load(bp)));
        x1 = f32x4.add(x1, f32x4.mul(u, v128.load(bp, 16)));
        x2 = f32x4.add(x2, f32x4.mul(u, v128.load(bp, 32)));
        x3 = f32x4.add(x3, f32x4.mul(u, v128.load(bp, 48)));
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      v128.store(c0, x0);
      v128.store(c0, x1, 16);
      v128.store(c0, x2, 32);
      v128.store(c0, x3, 48);
    }
  }
  for (; n + 4 <= N; n += 4) {
    const no = (<usize>n) << 2;
    let i = 0;
    for (; i + 4 <= I; i += 4) {
      const s0 = s + <usize>i * sI + no;
      let x0 = v128.load(s0);
      let x1 = v128.load(s0 + sI);
      let x2 = v128.load(s0 + 2 * sI);
      let x3 = v128.load(s0 + 3 * sI);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        x0 = f32x4.add(x0, f32x4.mul(v128.load32_splat(ap), b0));
        x1 = f32x4.add(x1, f32x4.mul(v128.load32_splat(ap + aI), b0));
        x2 = f32x4.add(x2, f32x4.mul(v128.load32_splat(ap + 2 * aI), b0));
        x3 = f32x4.add(x3, f32x4.mul(v128.load32_splat(ap + 3 * aI), b0));
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      v128.store(c0, x0);
      v128.store(c0 + cI, x1);
      v128.store(c0 + 2 * cI, x2);
      v128.store(c0 + 3 * cI, x3);
    }
    for (; i < I; i++) {
      let x = v128.load(s + <usize>i * sI + no);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        x = f32x4.add(x, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
        ap += aK;
        bp += bK;
      }
      v128.store(c + <usize>i * cI + no, x);
    }
  }
  for (; n < N; n++) {
    // The last N mod 4 columns: scalar, four rows at a time.
    const no = (<usize>n) << 2;
    let i = 0;
    for (; i + 4 <= I; i += 4) {
      const s0 = s + <usize>i * sI + no;
      let x0 = load<f32>(s0);
      let x1 = load<f32>(s0 + sI);
      let x2 = load<f32>(s0 + 2 * sI);
      let x3 = load<f32>(s0 + 3 * sI);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        const b = load<f32>(bp);
        x0 += load<f32>(ap) * b;
        x1 += load<f32>(ap + aI) * b;
        x2 += load<f32>(ap + 2 * aI) * b;
        x3 += load<f32>(ap + 3 * aI) * b;
        ap += aK;
        bp += bK;
      }
      const c0 = c + <usize>i * cI + no;
      store<f32>(c0, x0);
      store<f32>(c0 + cI, x1);
      store<f32>(c0 + 2 * cI, x2);
      store<f32>(c0 + 3 * cI, x3);
    }
    for (; i < I; i++) {
      let x = load<f32>(s + <usize>i * sI + no);
      let ap = a + <usize>i * aI;
      let bp = bm + no;
      for (let k = 0; k < K; k++) {
        x += load<f32>(ap) * load<f32>(bp);
        ap += aK;
        bp += bK;
      }
      store<f32>(c + <usize>i * cI + no, x);
    }
  }
}

// c[n] = Σ_{k<K} Bm[k, n] over float32 (overwrites c), Bm rows at bm + k·bK.
function colSum32(N: i32, K: i32, bm: usize, bK: usize, c: usize): void {
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const no = (<usize>n) << 2;
    let x = f32x4.splat(0);
    let bp = bm + no;
    for (let k = 0; k < K; k++) {
      x = f32x4.add(x, v128.load(bp));
      bp += bK;
    }
    v128.store(c + no, x);
  }
  for (; n < N; n++) {
    const no = (<usize>n) << 2;
    let x: f32 = 0;
    let bp = bm + no;
    for (let k = 0; k < K; k++) {
      x += load<f32>(bp);
      bp += bK;
    }
    store<f32>(c + no, x);
  }
}

// dst[k, j] = f32(src[j, k]) for a float64 [rows, cols] matrix into float32.
function transpose32(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let j = 0; j < rows; j++) {
    for (let k = 0; k < cols; k++) {
      store<f32>(dst + ((<usize>(k * rows + j)) << 2), <f32>load<f64>(src + ((<usize>(j * cols + k)) << 3)));
    }
  }
}

// dst[i] = f32(src[i]) for i < n (float64 → float32, round to nearest).
function demote(src: usize, n: i32, dst: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    v128.store64_lane(dst + ((<usize>i) << 2), f32x4.demote_f64x2_zero(v128.load(src + ((<usize>i) << 3))), 0);
  }
  if (i < n) store<f32>(dst + ((<usize>i) << 2), <f32>load<f64>(src + ((<usize>i) << 3)));
}

// dst[i] = f64(src[i]) for i < n (exact).
function promote(src: usize, n: i32, dst: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    v128.store(dst + ((<usize>i) << 3), f64x2.promote_low_f32x4(v128.load64_zero(src + ((<usize>i) << 2))));
  }
  if (i < n) store<f64>(dst + ((<usize>i) << 3), <f64>load<f32>(src + ((<usize>i) << 2)));
}

// g[i] = g[i] + f64(gf[i]) for i < n (float64 g, float32 gf).
function addPromoted(g: usize, gf: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 3;
    v128.store(g + o, f64x2.add(v128.load(g + o), f64x2.promote_low_f32x4(v128.load64_zero(gf + ((<usize>i) << 2)))));
  }
  if (i < n) store<f64>(g + ((<usize>i) << 3), load<f64>(g + ((<usize>i) << 3)) + <f64>load<f32>(gf + ((<usize>i) << 2)));
}

// v[i] = v[i]·(1 − a[i]²) for i < n, float32.
function tanhBack32(v: usize, a: usize, n: i32): void {
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(a + o);
    v128.store(v + o, f32x4.mul(v128.load(v + o), f32x4.sub(one, f32x4.mul(x, x))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const x = load<f32>(a + o);
    store<f32>(v + o, load<f32>(v + o) * (1.0 - x * x));
  }
}

// Forward of M networks in float32: w (float64 [M, P]) and x (float64 [M, B, d]) are rounded to float32 (x into
// xf [M, B, d], kept for the backward pass); writes a1, a2 (float32 [M, B, h]) and out (float64 [M, B, o], via
// the float32 scratch of [B, o]). wt: float32 scratch of P (this network's weights transposed, biases after).
export function forward32(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, x: usize, xf: usize, a1: usize, a2: usize, out: usize, outf: usize, wt: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  const w1t = wt;
  const b1t = w1t + (<usize>(h * d) << 2);
  const w2t = b1t + (<usize>h << 2);
  const b2t = w2t + (<usize>(h * h) << 2);
  const w3t = b2t + (<usize>h << 2);
  const b3t = w3t + (<usize>(o * h) << 2);
  const d4 = (<usize>d) << 2;
  const h4 = (<usize>h) << 2;
  const o4 = (<usize>o) << 2;
  demote(x, M * B * d, xf);
  for (let m = 0; m < M; m++) {
    const w1 = w + (<usize>(m * P) << 3);
    const b1 = w1 + (<usize>(h * d) << 3);
    const w2 = b1 + ((<usize>h) << 3);
    const b2 = w2 + (<usize>(h * h) << 3);
    const w3 = b2 + ((<usize>h) << 3);
    const b3 = w3 + (<usize>(o * h) << 3);
    transpose32(w1, h, d, w1t);
    demote(b1, h, b1t);
    transpose32(w2, h, h, w2t);
    demote(b2, h, b2t);
    transpose32(w3, o, h, w3t);
    demote(b3, o, b3t);
    const xm = xf + <usize>(m * B) * d4;
    const a1m = a1 + <usize>(m * B) * h4;
    const a2m = a2 + <usize>(m * B) * h4;
    gemm32(B, h, d, xm, d4, 4, w1t, h4, a1m, h4, b1t, 0);
    tanhInto32(B * h, a1m, a1m);
    gemm32(B, h, h, a1m, h4, 4, w2t, h4, a2m, h4, b2t, 0);
    tanhInto32(B * h, a2m, a2m);
    gemm32(B, o, h, a2m, h4, 4, w3t, o4, outf, o4, b3t, 0);
    promote(outf, B * o, out + <usize>(m * B) * ((<usize>o) << 3));
  }
}

// Backward of the last forward32: given dOut (float64 [M, B, o]), ADDS ∂L/∂θ to g (float64 [M, P]). Float32
// scratch: dOutf [B, o], d1, d2 [B, h], wf and gf [P] each, zero ≥ max(d, h, o) zeros.
export function backward32(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, g: usize, xf: usize, a1: usize, a2: usize, dOut: usize, dOutf: usize, d1: usize, d2: usize, wf: usize, gf: usize, zero: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  const d4 = (<usize>d) << 2;
  const h4 = (<usize>h) << 2;
  const o4 = (<usize>o) << 2;
  const w1 = <usize>0;
  const b1 = w1 + (<usize>(h * d) << 2);
  const w2 = b1 + h4;
  const b2 = w2 + (<usize>(h * h) << 2);
  const w3 = b2 + h4;
  const b3 = w3 + (<usize>(o * h) << 2);
  for (let m = 0; m < M; m++) {
    const off = <usize>(m * P) << 3;
    demote(w + off, P, wf);
    demote(dOut + <usize>(m * B) * ((<usize>o) << 3), B * o, dOutf);
    const xm = xf + <usize>(m * B) * d4;
    const a1m = a1 + <usize>(m * B) * h4;
    const a2m = a2 + <usize>(m * B) * h4;
    const gy = dOutf;
    colSum32(o, B, gy, o4, gf + b3);
    gemm32(o, h, B, gy, 4, o4, a2m, h4, gf + w3, h4, zero, 0);
    gemm32(B, h, o, gy, o4, 4, wf + w3, h4, d2, h4, zero, 0);
    tanhBack32(d2, a2m, B * h);
    colSum32(h, B, d2, h4, gf + b2);
    gemm32(h, h, B, d2, 4, h4, a1m, h4, gf + w2, h4, zero, 0);
    gemm32(B, h, h, d2, h4, 4, wf + w2, h4, d1, h4, zero, 0);
    tanhBack32(d1, a1m, B * h);
    colSum32(h, B, d1, h4, gf + b1);
    gemm32(h, d, B, d1, 4, h4, xm, d4, gf + w1, d4, zero, 0);
    addPromoted(g + off, gf, P);
  }
}

// For tests: tanh of n float32 at x into y through the float32 path.
export function tanhInto32Export(n: i32, x: usize, y: usize): void {
  tanhInto32(n, x, y);
}

// The neural learn-to-bid learner's rival-pairing loop (its own file).
export { pairedBidGradient } from './pairing';
