// Dense kernels of BatchedMlp (src/core/learning/mlp.ts) in WebAssembly SIMD (f64x2), float64 like the
// TypeScript path. Pointers are byte offsets into this module's memory, which the host lays out and grows.
// Network layout, batch layout and the backward formulas are BatchedMlp's; M networks are processed in one call.

// tanh(x) = 1 − 2/(e^{2x} + 1), as in the TypeScript path.
// @ts-ignore: decorator
@inline
function tanh(x: f64): f64 {
  return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
}

// Horizontal sum of both lanes.
// @ts-ignore: decorator
@inline
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// y[j] = act(b[j] + Σ_k W[j, k]·v[k]) for j < nOut; W row-major at w, b at bias; four rows at a time, two k per lane pair.
function dense(w: usize, bias: usize, nIn: i32, v: usize, nOut: i32, y: usize, act: bool): void {
  const rowBytes = (<usize>nIn) << 3;
  const pairs = nIn & ~1;
  let j = 0;
  for (; j + 4 <= nOut; j += 4) {
    const r0 = w + <usize>j * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let k = 0;
    for (; k < pairs; k += 2) {
      const o = (<usize>k) << 3;
      const a = v128.load(v + o);
      s0 = f64x2.add(s0, f64x2.mul(v128.load(r0 + o), a));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(r1 + o), a));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(r2 + o), a));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(r3 + o), a));
    }
    let t0 = load<f64>(bias + ((<usize>j) << 3)) + hsum(s0);
    let t1 = load<f64>(bias + ((<usize>j + 1) << 3)) + hsum(s1);
    let t2 = load<f64>(bias + ((<usize>j + 2) << 3)) + hsum(s2);
    let t3 = load<f64>(bias + ((<usize>j + 3) << 3)) + hsum(s3);
    if (k < nIn) {
      const o = (<usize>k) << 3;
      const a = load<f64>(v + o);
      t0 += load<f64>(r0 + o) * a;
      t1 += load<f64>(r1 + o) * a;
      t2 += load<f64>(r2 + o) * a;
      t3 += load<f64>(r3 + o) * a;
    }
    if (act) {
      t0 = tanh(t0);
      t1 = tanh(t1);
      t2 = tanh(t2);
      t3 = tanh(t3);
    }
    const yo = y + ((<usize>j) << 3);
    store<f64>(yo, t0);
    store<f64>(yo, t1, 8);
    store<f64>(yo, t2, 16);
    store<f64>(yo, t3, 24);
  }
  for (; j < nOut; j++) {
    const r = w + <usize>j * rowBytes;
    let s = f64x2.splat(0);
    let k = 0;
    for (; k < pairs; k += 2) {
      const o = (<usize>k) << 3;
      s = f64x2.add(s, f64x2.mul(v128.load(r + o), v128.load(v + o)));
    }
    let t = load<f64>(bias + ((<usize>j) << 3)) + hsum(s);
    if (k < nIn) t += load<f64>(r + ((<usize>k) << 3)) * load<f64>(v + ((<usize>k) << 3));
    store<f64>(y + ((<usize>j) << 3), act ? tanh(t) : t);
  }
}

// Backward of one dense layer for one sample: g_W += gy·vᵀ, g_b += gy, and (when dv ≠ 0) dv += Wᵀ·gy.
function denseBack(w: usize, g: usize, wOff: usize, bOff: usize, nIn: i32, nOut: i32, gy: usize, v: usize, dv: usize): void {
  const rowBytes = (<usize>nIn) << 3;
  const pairs = nIn & ~1;
  for (let j = 0; j < nOut; j++) {
    const gj = load<f64>(gy + ((<usize>j) << 3));
    const gb = g + bOff + ((<usize>j) << 3);
    store<f64>(gb, load<f64>(gb) + gj);
    const rw = w + wOff + <usize>j * rowBytes;
    const rg = g + wOff + <usize>j * rowBytes;
    const gs = f64x2.splat(gj);
    let k = 0;
    if (dv) {
      for (; k < pairs; k += 2) {
        const o = (<usize>k) << 3;
        v128.store(rg + o, f64x2.add(v128.load(rg + o), f64x2.mul(gs, v128.load(v + o))));
        v128.store(dv + o, f64x2.add(v128.load(dv + o), f64x2.mul(gs, v128.load(rw + o))));
      }
      if (k < nIn) {
        const o = (<usize>k) << 3;
        store<f64>(rg + o, load<f64>(rg + o) + gj * load<f64>(v + o));
        store<f64>(dv + o, load<f64>(dv + o) + gj * load<f64>(rw + o));
      }
    } else {
      for (; k < pairs; k += 2) {
        const o = (<usize>k) << 3;
        v128.store(rg + o, f64x2.add(v128.load(rg + o), f64x2.mul(gs, v128.load(v + o))));
      }
      if (k < nIn) {
        const o = (<usize>k) << 3;
        store<f64>(rg + o, load<f64>(rg + o) + gj * load<f64>(v + o));
      }
    }
  }
}

// Forward of M networks (d → h → h → o, tanh) over x [M, B, d]: writes a1, a2 [M, B, h] and out [M, B, o].
export function forward(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, x: usize, a1: usize, a2: usize, out: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  for (let m = 0; m < M; m++) {
    const w1 = w + (<usize>(m * P) << 3);
    const b1 = w1 + (<usize>(h * d) << 3);
    const w2 = b1 + (<usize>h << 3);
    const b2 = w2 + (<usize>(h * h) << 3);
    const w3 = b2 + (<usize>h << 3);
    const b3 = w3 + (<usize>(o * h) << 3);
    for (let b = 0; b < B; b++) {
      const row = m * B + b;
      const xi = x + (<usize>(row * d) << 3);
      const hi = <usize>(row * h) << 3;
      dense(w1, b1, d, xi, h, a1 + hi, true);
      dense(w2, b2, h, a1 + hi, h, a2 + hi, true);
      dense(w3, b3, h, a2 + hi, o, out + (<usize>(row * o) << 3), false);
    }
  }
}

// Backward of the last forward: given dOut [M, B, o], ADDS ∂L/∂θ to g [M, P]; d1, d2 are [h] scratch.
export function backward(M: i32, B: i32, d: i32, h: i32, o: i32, w: usize, g: usize, x: usize, a1: usize, a2: usize, dOut: usize, d1: usize, d2: usize): void {
  const P = h * d + h + h * h + h + o * h + o;
  const hb = <usize>h << 3;
  for (let m = 0; m < M; m++) {
    const w1 = <usize>(m * P) << 3;
    const b1 = w1 + (<usize>(h * d) << 3);
    const w2 = b1 + hb;
    const b2 = w2 + (<usize>(h * h) << 3);
    const w3 = b2 + hb;
    const b3 = w3 + (<usize>(o * h) << 3);
    for (let b = 0; b < B; b++) {
      const row = m * B + b;
      const hi = <usize>(row * h) << 3;
      memory.fill(d2, 0, hb);
      denseBack(w, g, w3, b3, h, o, dOut + (<usize>(row * o) << 3), a2 + hi, d2);
      for (let j = 0; j < h; j++) {
        const p = <usize>j << 3;
        const a = load<f64>(a2 + hi + p);
        store<f64>(d2 + p, load<f64>(d2 + p) * (1.0 - a * a));
      }
      memory.fill(d1, 0, hb);
      denseBack(w, g, w2, b2, h, h, d2, a1 + hi, d1);
      for (let j = 0; j < h; j++) {
        const p = <usize>j << 3;
        const a = load<f64>(a1 + hi + p);
        store<f64>(d1 + p, load<f64>(d1 + p) * (1.0 - a * a));
      }
      denseBack(w, g, w1, b1, d, h, d1, x + (<usize>(row * d) << 3), 0);
    }
  }
}
