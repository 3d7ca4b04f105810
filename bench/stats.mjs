// Order statistics shared by the benchmarks.

/** The `q`-quantile of `values` (0.5 is the median), interpolating between the two nearest samples. */
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

export const median = (values) => quantile(values, 0.5);
