;; BatchNorm in training mode over x, NHWC viewed as [P, C] (P = N·H·W positions), for explr's fused kernels on the
;; wasm backend when the native addon is off (src/backend/wasm/batch-norm-kernels.ts), in place in tfjs-wasm's own
;; memory, which this module imports. The numerics of native/batch-norm.cc on one thread:
;;
;; Forward: per-channel sums shifted by the channel's first value K (S = Σ(x − K), Q = Σ(x − K)², so that the
;; variance does not cancel), stats [3, C] = (μ, r, unbiased σ²) with r = 1/√max(σ² + ε, floor), then
;; y = x̂ = (x − μ)·r, or max(x̂, 0) with ReLU. Backward, with g = dy (times [x̂ > 0] with ReLU):
;; dx = r·(g − Σg/P − x̂·Σ(g·x̂)/P), x̂ recomputed from x.
;;
;; Sums are taken in f32 over blocks of 64 positions and added up in f64, per channel in position order. Each pass
;; walks a block 4 channels (one f32x4) at a time, the group's constants and sums in locals and the block's rows in
;; L1, then the channels left over one by one (C not a multiple of 4; rows are then only 4-byte aligned, which v128
;; loads allow). The passes run at memory speed: 16 channels at a time (four independent chains of additions)
;; measured no faster.
;;
;; One thread: tfjs-wasm's memory in Node is not shared (its Node build is the non-threaded one), and threads would
;; need a copy of x (and dy) into a shared memory and back, the very passes this saves.
;;
;; Scratch (24·C bytes, 8-aligned): f64 [C] first sums, f64 [C] second sums, then (backward) f32 [C] Σg/P and
;; f32 [C] Σ(g·x̂)/P. Every pointer is a byte offset in the memory.
(module
  (import "env" "memory" (memory 1))

  ;; Positions summed in f32 before they are added to the f64 sums.
  (global $block i32 (i32.const 64))

  ;; Zeroes `count` f64 at `at`.
  (func $zero64 (param $at i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (i64.store (local.get $at) (i64.const 0))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next))))

  ;; Adds the four f32 lanes of `v` to the four f64 at `at`.
  (func $add4 (param $at i32) (param $v v128)
    (v128.store align=8 (local.get $at)
      (f64x2.add (v128.load align=8 (local.get $at)) (f64x2.promote_low_f32x4 (local.get $v))))
    (v128.store offset=16 align=8 (local.get $at)
      (f64x2.add
        (v128.load offset=16 align=8 (local.get $at))
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))

  ;; Adds `v` to the f64 at `at`.
  (func $add1 (param $at i32) (param $v f32)
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.promote_f32 (local.get $v)))))

  ;; The end of the block that starts at position `p`.
  (func $blockEnd (param $p i32) (param $P i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (global.get $block)))
    (select (local.get $end) (local.get $P) (i32.lt_u (local.get $end) (local.get $P))))

  ;; Per channel, Σ(x − K) into the f64 at `first` and Σ(x − K)² into those at first + 8·C, K = x's first row.
  (func $shiftedSums (param $x i32) (param $first i32) (param $P i32) (param $C i32)
    (local $row i32) (local $p i32) (local $end i32) (local $c i32) (local $at i32) (local $stop i32)
    (local $second i32)
    (local $k v128) (local $a v128) (local $b v128) (local $d v128)
    (local $ks f32) (local $as f32) (local $bs f32) (local $ds f32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $second (i32.add (local.get $first) (i32.shl (local.get $C) (i32.const 3))))
    (loop $blocks
      (local.set $end (call $blockEnd (local.get $p) (local.get $P)))
      (local.set $c (i32.const 0))
      ;; 4 channels at a time
      (block $done4
        (loop $groups4
          (br_if $done4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $C)))
          (local.set $at (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $k (v128.load align=4 (local.get $at)))
          (local.set $a (v128.const i64x2 0 0))
          (local.set $b (v128.const i64x2 0 0))
          (local.set $at (i32.add (local.get $at) (i32.mul (local.get $p) (local.get $row))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $d (f32x4.sub (v128.load align=4 (local.get $at)) (local.get $k)))
            (local.set $a (f32x4.add (local.get $a) (local.get $d)))
            (local.set $b (f32x4.add (local.get $b) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (call $add4 (i32.add (local.get $first) (i32.shl (local.get $c) (i32.const 3))) (local.get $a))
          (call $add4 (i32.add (local.get $second) (i32.shl (local.get $c) (i32.const 3))) (local.get $b))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $groups4)))
      ;; the channels left, one at a time
      (block $done1
        (loop $channels
          (br_if $done1 (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $at (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $ks (f32.load (local.get $at)))
          (local.set $as (f32.const 0))
          (local.set $bs (f32.const 0))
          (local.set $at (i32.add (local.get $at) (i32.mul (local.get $p) (local.get $row))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $ds (f32.sub (f32.load (local.get $at)) (local.get $ks)))
            (local.set $as (f32.add (local.get $as) (local.get $ds)))
            (local.set $bs (f32.add (local.get $bs) (f32.mul (local.get $ds) (local.get $ds))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (call $add1 (i32.add (local.get $first) (i32.shl (local.get $c) (i32.const 3))) (local.get $as))
          (call $add1 (i32.add (local.get $second) (i32.shl (local.get $c) (i32.const 3))) (local.get $bs))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $channels)))
      (local.set $p (local.get $end))
      (br_if $blocks (i32.lt_u (local.get $p) (local.get $P)))))

  ;; stats [3, C] = (μ, r, unbiased σ²) from the shifted sums at `first` (S, then Q), in f64 as the native kernel.
  (func $stats (param $x i32) (param $stats i32) (param $first i32) (param $P i32) (param $C i32)
    (param $epsilon f32) (param $minVariance f32)
    (local $c i32) (local $n f64) (local $shifted f64) (local $variance f64)
    (local $mean i32) (local $r i32) (local $unbiased i32) (local $second i32)
    (local.set $n (f64.convert_i32_u (local.get $P)))
    (local.set $mean (local.get $stats))
    (local.set $r (i32.add (local.get $stats) (i32.shl (local.get $C) (i32.const 2))))
    (local.set $unbiased (i32.add (local.get $stats) (i32.shl (local.get $C) (i32.const 3))))
    (local.set $second (i32.add (local.get $first) (i32.shl (local.get $C) (i32.const 3))))
    (loop $channels
      (local.set $shifted
        (f64.div (f64.load (i32.add (local.get $first) (i32.shl (local.get $c) (i32.const 3)))) (local.get $n)))
      (local.set $variance
        (f64.max
          (f64.sub
            (f64.div (f64.load (i32.add (local.get $second) (i32.shl (local.get $c) (i32.const 3)))) (local.get $n))
            (f64.mul (local.get $shifted) (local.get $shifted)))
          (f64.const 0)))
      (f32.store (i32.add (local.get $mean) (i32.shl (local.get $c) (i32.const 2)))
        (f32.demote_f64
          (f64.add
            (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2)))))
            (local.get $shifted))))
      (f32.store (i32.add (local.get $r) (i32.shl (local.get $c) (i32.const 2)))
        (f32.demote_f64
          (f64.div
            (f64.const 1)
            (f64.sqrt
              (f64.max
                (f64.add (local.get $variance) (f64.promote_f32 (local.get $epsilon)))
                (f64.promote_f32 (local.get $minVariance)))))))
      (f32.store (i32.add (local.get $unbiased) (i32.shl (local.get $c) (i32.const 2)))
        (f32.demote_f64
          (select
            (f64.div
              (f64.mul (local.get $variance) (local.get $n))
              (f64.sub (local.get $n) (f64.const 1)))
            (local.get $variance)
            (i32.gt_u (local.get $P) (i32.const 1)))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channels (i32.lt_u (local.get $c) (local.get $C)))))

  ;; y = max((x − μ)·r, floor): floor 0 is the ReLU, −∞ none (max(x̂, −∞) is x̂, NaN included).
  (func $normalize (param $x i32) (param $y i32) (param $stats i32) (param $P i32) (param $C i32)
    (param $floor f32)
    (local $row i32) (local $p i32) (local $end i32) (local $c i32) (local $at i32) (local $stop i32)
    (local $out i32) (local $rs i32)
    (local $mean v128) (local $r v128) (local $lower v128)
    (local $means f32) (local $rf f32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $rs (i32.add (local.get $stats) (local.get $row)))
    (local.set $lower (f32x4.splat (local.get $floor)))
    (loop $blocks
      (local.set $end (call $blockEnd (local.get $p) (local.get $P)))
      (local.set $c (i32.const 0))
      (block $done4
        (loop $groups4
          (br_if $done4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $C)))
          (local.set $mean (v128.load align=4 (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $r (v128.load align=4 (i32.add (local.get $rs) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $at
            (i32.add (i32.mul (local.get $p) (local.get $row)) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (v128.store align=4 (i32.add (local.get $y) (local.get $at))
              (f32x4.max
                (f32x4.mul
                  (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $at))) (local.get $mean))
                  (local.get $r))
                (local.get $lower)))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $groups4)))
      (block $done1
        (loop $channels
          (br_if $done1 (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $means (f32.load (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $rf (f32.load (i32.add (local.get $rs) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $at
            (i32.add (i32.mul (local.get $p) (local.get $row)) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (f32.store (i32.add (local.get $y) (local.get $at))
              (f32.max
                (f32.mul
                  (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $means))
                  (local.get $rf))
                (local.get $floor)))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $channels)))
      (local.set $p (local.get $end))
      (br_if $blocks (i32.lt_u (local.get $p) (local.get $P)))))

  ;; Per channel, Σg into the f64 at `first` and Σ(g·x̂) into those at first + 8·C, x̂ = (x − μ)·r, g = dy where
  ;; x̂ > 0 or `keep` (all ones without ReLU), else 0.
  (func $gradientSums (param $x i32) (param $dy i32) (param $stats i32) (param $first i32) (param $P i32)
    (param $C i32) (param $keep v128)
    (local $row i32) (local $p i32) (local $end i32) (local $c i32) (local $at i32) (local $stop i32)
    (local $second i32) (local $rs i32) (local $keeps i32)
    (local $m v128) (local $r v128) (local $a v128) (local $b v128) (local $h v128) (local $g v128)
    (local $ms f32) (local $rf f32) (local $as f32) (local $bs f32) (local $hs f32) (local $gs f32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $second (i32.add (local.get $first) (i32.shl (local.get $C) (i32.const 3))))
    (local.set $rs (i32.add (local.get $stats) (local.get $row)))
    (local.set $keeps (i32x4.extract_lane 0 (local.get $keep)))
    (loop $blocks
      (local.set $end (call $blockEnd (local.get $p) (local.get $P)))
      (local.set $c (i32.const 0))
      ;; 4 channels at a time
      (block $done4
        (loop $groups4
          (br_if $done4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $C)))
          (local.set $m (v128.load align=4 (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $r (v128.load align=4 (i32.add (local.get $rs) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $a (v128.const i64x2 0 0))
          (local.set $b (v128.const i64x2 0 0))
          (local.set $at
            (i32.add (i32.mul (local.get $p) (local.get $row)) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $at))) (local.get $m))
                (local.get $r)))
            (local.set $g
              (v128.and
                (v128.load align=4 (i32.add (local.get $dy) (local.get $at)))
                (v128.or (f32x4.gt (local.get $h) (v128.const f32x4 0 0 0 0)) (local.get $keep))))
            (local.set $a (f32x4.add (local.get $a) (local.get $g)))
            (local.set $b (f32x4.add (local.get $b) (f32x4.mul (local.get $g) (local.get $h))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (call $add4 (i32.add (local.get $first) (i32.shl (local.get $c) (i32.const 3))) (local.get $a))
          (call $add4 (i32.add (local.get $second) (i32.shl (local.get $c) (i32.const 3))) (local.get $b))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $groups4)))
      ;; the channels left, one at a time
      (block $done1
        (loop $channels
          (br_if $done1 (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $ms (f32.load (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $rf (f32.load (i32.add (local.get $rs) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $as (f32.const 0))
          (local.set $bs (f32.const 0))
          (local.set $at
            (i32.add (i32.mul (local.get $p) (local.get $row)) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $hs
              (f32.mul
                (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $ms))
                (local.get $rf)))
            (local.set $gs
              (select
                (f32.load (i32.add (local.get $dy) (local.get $at)))
                (f32.const 0)
                (i32.or (f32.gt (local.get $hs) (f32.const 0)) (local.get $keeps))))
            (local.set $as (f32.add (local.get $as) (local.get $gs)))
            (local.set $bs (f32.add (local.get $bs) (f32.mul (local.get $gs) (local.get $hs))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (call $add1 (i32.add (local.get $first) (i32.shl (local.get $c) (i32.const 3))) (local.get $as))
          (call $add1 (i32.add (local.get $second) (i32.shl (local.get $c) (i32.const 3))) (local.get $bs))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $channels)))
      (local.set $p (local.get $end))
      (br_if $blocks (i32.lt_u (local.get $p) (local.get $P)))))

  ;; Σg/P and Σ(g·x̂)/P as f32 at `means` (C each) from the f64 sums at `first`.
  (func $gradientMeans (param $first i32) (param $means i32) (param $P i32) (param $C i32)
    (local $i i32) (local $n f64)
    (local.set $n (f64.convert_i32_u (local.get $P)))
    (loop $next
      (f32.store (i32.add (local.get $means) (i32.shl (local.get $i) (i32.const 2)))
        (f32.demote_f64
          (f64.div (f64.load (i32.add (local.get $first) (i32.shl (local.get $i) (i32.const 3)))) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.shl (local.get $C) (i32.const 1))))))

  ;; dx = r·(g − Σg/P − x̂·Σ(g·x̂)/P), the means at `means` (C each), g as in $gradientSums.
  (func $gradientRows (param $x i32) (param $dy i32) (param $stats i32) (param $means i32) (param $dx i32)
    (param $P i32) (param $C i32) (param $keep v128)
    (local $row i32) (local $p i32) (local $end i32) (local $c i32) (local $at i32) (local $stop i32)
    (local $rs i32) (local $gxs i32) (local $keeps i32)
    (local $m v128) (local $r v128) (local $mg v128) (local $mgx v128) (local $h v128) (local $g v128)
    (local $ms f32) (local $rf f32) (local $mgs f32) (local $mgxs f32) (local $hs f32) (local $gs f32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $rs (i32.add (local.get $stats) (local.get $row)))
    (local.set $gxs (i32.add (local.get $means) (local.get $row)))
    (local.set $keeps (i32x4.extract_lane 0 (local.get $keep)))
    (loop $blocks
      (local.set $end (call $blockEnd (local.get $p) (local.get $P)))
      (local.set $c (i32.const 0))
      (block $done4
        (loop $groups4
          (br_if $done4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $C)))
          (local.set $at (i32.shl (local.get $c) (i32.const 2)))
          (local.set $m (v128.load align=4 (i32.add (local.get $stats) (local.get $at))))
          (local.set $r (v128.load align=4 (i32.add (local.get $rs) (local.get $at))))
          (local.set $mg (v128.load align=4 (i32.add (local.get $means) (local.get $at))))
          (local.set $mgx (v128.load align=4 (i32.add (local.get $gxs) (local.get $at))))
          (local.set $at (i32.add (local.get $at) (i32.mul (local.get $p) (local.get $row))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $at))) (local.get $m))
                (local.get $r)))
            (local.set $g
              (v128.and
                (v128.load align=4 (i32.add (local.get $dy) (local.get $at)))
                (v128.or (f32x4.gt (local.get $h) (v128.const f32x4 0 0 0 0)) (local.get $keep))))
            (v128.store align=4 (i32.add (local.get $dx) (local.get $at))
              (f32x4.mul
                (local.get $r)
                (f32x4.sub
                  (f32x4.sub (local.get $g) (local.get $mg))
                  (f32x4.mul (local.get $h) (local.get $mgx)))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $groups4)))
      (block $done1
        (loop $channels
          (br_if $done1 (i32.ge_u (local.get $c) (local.get $C)))
          (local.set $at (i32.shl (local.get $c) (i32.const 2)))
          (local.set $ms (f32.load (i32.add (local.get $stats) (local.get $at))))
          (local.set $rf (f32.load (i32.add (local.get $rs) (local.get $at))))
          (local.set $mgs (f32.load (i32.add (local.get $means) (local.get $at))))
          (local.set $mgxs (f32.load (i32.add (local.get $gxs) (local.get $at))))
          (local.set $at (i32.add (local.get $at) (i32.mul (local.get $p) (local.get $row))))
          (local.set $stop
            (i32.add (local.get $at) (i32.mul (i32.sub (local.get $end) (local.get $p)) (local.get $row))))
          (loop $positions
            (local.set $hs
              (f32.mul
                (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $ms))
                (local.get $rf)))
            (local.set $gs
              (select
                (f32.load (i32.add (local.get $dy) (local.get $at)))
                (f32.const 0)
                (i32.or (f32.gt (local.get $hs) (f32.const 0)) (local.get $keeps))))
            (f32.store (i32.add (local.get $dx) (local.get $at))
              (f32.mul
                (local.get $rf)
                (f32.sub
                  (f32.sub (local.get $gs) (local.get $mgs))
                  (f32.mul (local.get $hs) (local.get $mgxs)))))
            (local.set $at (i32.add (local.get $at) (local.get $row)))
            (br_if $positions (i32.lt_u (local.get $at) (local.get $stop))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $channels)))
      (local.set $p (local.get $end))
      (br_if $blocks (i32.lt_u (local.get $p) (local.get $P)))))

  ;; y and stats [3, C] from x [P, C]; ReLU if `relu` is not 0. P and C at least 1.
  (func (export "forward") (param $x i32) (param $y i32) (param $stats i32) (param $scratch i32) (param $P i32)
    (param $C i32) (param $epsilon f32) (param $minVariance f32) (param $relu i32)
    (call $zero64 (local.get $scratch) (i32.shl (local.get $C) (i32.const 1)))
    (call $shiftedSums (local.get $x) (local.get $scratch) (local.get $P) (local.get $C))
    (call $stats (local.get $x) (local.get $stats) (local.get $scratch) (local.get $P) (local.get $C)
      (local.get $epsilon) (local.get $minVariance))
    (call $normalize (local.get $x) (local.get $y) (local.get $stats) (local.get $P) (local.get $C)
      (select (f32.const 0) (f32.const -inf) (local.get $relu))))

  ;; dx from x, dy and the forward's stats, all [P, C] but stats; ReLU if `relu` is not 0. P and C at least 1.
  (func (export "backward") (param $x i32) (param $dy i32) (param $stats i32) (param $dx i32) (param $scratch i32)
    (param $P i32) (param $C i32) (param $relu i32)
    (local $keep v128) (local $means i32)
    (local.set $keep (i32x4.splat (select (i32.const 0) (i32.const -1) (local.get $relu))))
    (local.set $means (i32.add (local.get $scratch) (i32.shl (local.get $C) (i32.const 4))))
    (call $zero64 (local.get $scratch) (i32.shl (local.get $C) (i32.const 1)))
    (call $gradientSums (local.get $x) (local.get $dy) (local.get $stats) (local.get $scratch) (local.get $P)
      (local.get $C) (local.get $keep))
    (call $gradientMeans (local.get $scratch) (local.get $means) (local.get $P) (local.get $C))
    (call $gradientRows (local.get $x) (local.get $dy) (local.get $stats) (local.get $means) (local.get $dx)
      (local.get $P) (local.get $C) (local.get $keep))))
