/**
 * Small numerical helpers for the trend fits: ordinary least squares with a t-based confidence
 * interval on the slope. The Student t quantile is obtained by bisection on the t CDF, which is
 * computed from the regularised incomplete beta function (continued-fraction evaluation, modified
 * Lentz method; see Press et al., Numerical Recipes, 3rd ed., §6.4 for the mathematics).
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student t CDF with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Student t quantile (inverse CDF), by bisection. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return (lo + hi) / 2;
}

export interface OlsFit {
  n: number;
  slope: number;
  intercept: number;
  slopeSE: number;
  r2: number;
  df: number;
  /** Two-sided t critical value used for the interval. */
  tCrit: number;
  slopeCI: [number, number];
}

/** Ordinary least squares y = intercept + slope·x, with a t-based CI on the slope at `level`. */
export function ols(xs: number[], ys: number[], level = 0.95): OlsFit {
  const n = xs.length;
  if (n !== ys.length) throw new Error('ols: x and y lengths differ');
  if (n < 3) throw new Error('ols: need at least 3 points');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error('ols: all x values are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  const df = n - 2;
  const slopeSE = Math.sqrt(sse / df / sxx);
  const tCrit = tQuantile(1 - (1 - level) / 2, df);
  return {
    n,
    slope,
    intercept,
    slopeSE,
    r2: syy === 0 ? 1 : 1 - sse / syy,
    df,
    tCrit,
    slopeCI: [slope - tCrit * slopeSE, slope + tCrit * slopeSE],
  };
}

function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-12) throw new Error('ols: singular design matrix');
    [a[c], a[piv]] = [a[piv], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}

export interface OlsMultiFit {
  n: number;
  coef: number[];
  se: number[];
  df: number;
  tCrit: number;
  r2: number;
}

/** Multiple OLS y = X·b (X rows include the intercept column if wanted), with coefficient SEs. */
export function olsMulti(X: number[][], y: number[], level = 0.95): OlsMultiFit {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  if (n <= p) throw new Error(`ols: need more than ${p} points`);
  const xtx = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => X.reduce((s, r) => s + r[i] * r[j], 0)),
  );
  const xty = Array.from({ length: p }, (_, i) => X.reduce((s, r, k) => s + r[i] * y[k], 0));
  const inv = invert(xtx);
  const coef = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
  const fitted = X.map((r) => r.reduce((s, v, j) => s + v * coef[j], 0));
  const sse = y.reduce((s, v, k) => s + (v - fitted[k]) ** 2, 0);
  const my = y.reduce((a, b) => a + b, 0) / n;
  const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
  const df = n - p;
  const s2 = sse / df;
  return {
    n,
    coef,
    se: inv.map((row, i) => Math.sqrt(s2 * row[i])),
    df,
    tCrit: tQuantile(1 - (1 - level) / 2, df),
    r2: syy === 0 ? 1 : 1 - sse / syy,
  };
}
