// The rival-pairing loop of the neural learn-to-bid learner (src/core/labs/learnToBid/neuralGradientPlay.ts), in
// f64x2: for one bidder, db[k] += ∂u/∂b(v_k, b_k, m_{k'}, s) over the R pairings k' = k + ⌊B·r/R⌋ (mod B), with
// s = 1 / (1 + eb[k] · em[k']) (the factored sigmoid). The derivative formulas are the mechanisms' relaxations
// (src/core/mechanisms/{firstPrice,secondPrice,allPay}.ts) with the same operations in the same order, so each
// lane rounds exactly as the TypeScript loop does: db is the TypeScript result bit for bit. When `want` is set,
// the smoothed utilities are summed too (lane-wise partial sums: equal to the TypeScript sum up to rounding).
// Mechanism codes: 0 first price, 1 second price, 2 all-pay. Pointers are byte offsets of float64 arrays [B].

// Returns the sum of the smoothed utilities over k and the pairings (0 unless `want`).
export function pairedBidGradient(mech: i32, B: i32, R: i32, beta: f64, want: i32, v: usize, b: usize, m: usize, em: usize, eb: usize, db: usize): f64 {
  const one = f64x2.splat(1.0);
  const vb = f64x2.splat(beta);
  let uSum = f64x2.splat(0.0);
  let uTail: f64 = 0.0;
  for (let r = 0; r < R; r++) {
    const shift = <i32>((<i64>B * <i64>r) / <i64>R);
    for (let part = 0; part < 2; part++) {
      const k0 = part == 0 ? 0 : B - shift;
      const k1 = part == 0 ? B - shift : B;
      const off = part == 0 ? shift : shift - B;
      let k = k0;
      for (; k + 2 <= k1; k += 2) {
        const o = (<usize>k) << 3;
        const o2 = (<usize>(k + off)) << 3;
        const vk = v128.load(v + o);
        const bk = v128.load(b + o);
        const mk = v128.load(m + o2);
        const s = f64x2.div(one, f64x2.add(one, f64x2.mul(v128.load(eb + o), v128.load(em + o2))));
        let d: v128;
        if (mech == 0) d = f64x2.add(f64x2.neg(s), f64x2.mul(f64x2.mul(f64x2.mul(f64x2.sub(vk, bk), vb), s), f64x2.sub(one, s)));
        else if (mech == 1) d = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.sub(vk, mk), vb), s), f64x2.sub(one, s));
        else d = f64x2.sub(f64x2.mul(f64x2.mul(f64x2.mul(vk, vb), s), f64x2.sub(one, s)), one);
        v128.store(db + o, f64x2.add(v128.load(db + o), d));
        if (want) {
          const u = mech == 0 ? f64x2.mul(f64x2.sub(vk, bk), s) : mech == 1 ? f64x2.mul(f64x2.sub(vk, mk), s) : f64x2.sub(f64x2.mul(vk, s), bk);
          uSum = f64x2.add(uSum, u);
        }
      }
      for (; k < k1; k++) {
        const o = (<usize>k) << 3;
        const o2 = (<usize>(k + off)) << 3;
        const vk = load<f64>(v + o);
        const bk = load<f64>(b + o);
        const mk = load<f64>(m + o2);
        const s = 1.0 / (1.0 + load<f64>(eb + o) * load<f64>(em + o2));
        let d: f64;
        if (mech == 0) d = -s + (vk - bk) * beta * s * (1.0 - s);
        else if (mech == 1) d = (vk - mk) * beta * s * (1.0 - s);
        else d = vk * beta * s * (1.0 - s) - 1.0;
        store<f64>(db + o, load<f64>(db + o) + d);
        if (want) uTail += mech == 0 ? (vk - bk) * s : mech == 1 ? (vk - mk) * s : vk * s - bk;
      }
    }
  }
  return f64x2.extract_lane(uSum, 0) + f64x2.extract_lane(uSum, 1) + uTail;
}
