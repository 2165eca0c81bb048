/**
 * Count models with one fixed-effect factor (a level per place), fitted by iteratively reweighted
 * least squares over typed arrays: the same estimates as R's
 *   glm(y ~ factor(place) + x1 + …, family = poisson)          (fitPoissonFe)
 *   glm(y ~ factor(place) + x1 + …, family = quasipoisson)     (fitPoissonFe, dispersion = Pearson)
 *   MASS::glm.nb(y ~ factor(place) + x1 + …)                   (fitNegBinFe)
 * The place levels are never put in a matrix: each weighted least-squares step sweeps them out by
 * weighted demeaning within place (the Frisch–Waugh–Lovell theorem), so only a k × k system (k = the
 * few covariates) is solved, and the covariance of the covariates is the inverse of that Schur
 * complement of the full information matrix, as R's vcov gives.
 *
 * A place whose counts are all zero has an estimate of −∞ and contributes nothing to the covariates
 * (R reports a huge negative coefficient and the same covariate estimates): it is left out of the
 * fitting and counted in `placesDropped`, but kept in the residual degrees of freedom as R keeps it.
 */
import { digamma, lgamma, trigamma } from './special.ts';

export interface FeData {
  /** Response per observation (counts, or harm for the quasi-Poisson model). */
  y: Float64Array;
  /** Place index per observation, 0 … places − 1. */
  place: Int32Array;
  places: number;
  /** Covariate columns (each of length n). */
  x: Float64Array[];
}

export interface FeFit {
  /** Covariate coefficients (log rate ratios). */
  beta: Float64Array;
  /** Their covariance matrix, k × k row-major (times the dispersion for quasi-Poisson). */
  cov: Float64Array;
  /** Standard errors of beta. */
  se: Float64Array;
  /** Fitted means. */
  mu: Float64Array;
  deviance: number;
  /** Pearson χ² = Σ (y − μ)² / V(μ). */
  pearson: number;
  /** Residual degrees of freedom: n − places − k (as R counts them). */
  dfResidual: number;
  /** Pearson χ² / df: the quasi-Poisson dispersion (1 for a well-specified Poisson model). */
  dispersion: number;
  iterations: number;
  converged: boolean;
  placesDropped: number;
  /** Negative binomial only: theta (variance μ + μ²/θ) and its standard error. */
  theta?: number;
  thetaSe?: number;
  logLik?: number;
}

interface Family {
  /** Variance function V(μ). */
  variance(mu: number): number;
  deviance(y: number, mu: number): number;
}

const poisson: Family = {
  variance: (mu) => mu,
  deviance: (y, mu) => 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y - mu)),
};

function negbin(theta: number): Family {
  return {
    variance: (mu) => mu + (mu * mu) / theta,
    deviance: (y, mu) =>
      2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y + theta) * Math.log((y + theta) / (mu + theta))),
  };
}

export interface FitOptions {
  /** Relative change in deviance at which IRLS stops (R: epsilon, default 1e-8; ours tighter). */
  epsilon?: number;
  maxIterations?: number;
  /** Starting linear predictor (else log(y + 0.1), as R's poisson() starts). */
  etaStart?: Float64Array;
}

/** Which places have a positive total: the others are left out (see the file comment). */
function activePlaces(d: FeData): Uint8Array {
  const total = new Float64Array(d.places);
  for (let i = 0; i < d.y.length; i++) total[d.place[i]] += d.y[i];
  return Uint8Array.from(total, (t) => (t > 0 ? 1 : 0));
}

/** Solves the symmetric positive-definite k × k system A b = r in place (Cholesky); returns A⁻¹ too. */
function solveSpd(a: Float64Array, r: Float64Array, k: number): { b: Float64Array; inv: Float64Array } {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('the covariates are collinear with the place effects');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j];
    }
  }
  const solve = (rhs: Float64Array): Float64Array => {
    const z = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = rhs[i];
      for (let m = 0; m < i; m++) s -= l[i * k + m] * z[m];
      z[i] = s / l[i * k + i];
    }
    const b = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let s = z[i];
      for (let m = i + 1; m < k; m++) s -= l[m * k + i] * b[m];
      b[i] = s / l[i * k + i];
    }
    return b;
  };
  const inv = new Float64Array(k * k);
  const e = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    e.fill(0);
    e[j] = 1;
    const c = solve(e);
    for (let i = 0; i < k; i++) inv[i * k + j] = c[i];
  }
  return { b: solve(r), inv };
}

/** IRLS with a log link for one family; weights w = μ² / V(μ). */
function irls(d: FeData, fam: Family, o: FitOptions): FeFit {
  const n = d.y.length;
  const k = d.x.length;
  const G = d.places;
  const active = activePlaces(d);
  const eps = o.epsilon ?? 1e-12;
  const maxIt = o.maxIterations ?? 100;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = o.etaStart ? o.etaStart[i] : Math.log(d.y[i] + 0.1);
    mu[i] = Math.exp(eta[i]);
  }
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  const sw = new Float64Array(G);
  const sz = new Float64Array(G);
  const sx = new Float64Array(G * k);
  const alpha = new Float64Array(G);
  const a = new Float64Array(k * k);
  const r = new Float64Array(k);
  let beta: Float64Array = new Float64Array(k);
  let inv: Float64Array = new Float64Array(k * k);
  let dev = devianceOf(d, fam, mu, active);
  let it = 0;
  let converged = false;
  const step = () => {
    sw.fill(0);
    sz.fill(0);
    sx.fill(0);
    for (let i = 0; i < n; i++) {
      const g = d.place[i];
      if (!active[g]) continue;
      const m = mu[i];
      const wi = (m * m) / fam.variance(m);
      w[i] = wi;
      z[i] = eta[i] + (d.y[i] - m) / m;
      sw[g] += wi;
      sz[g] += wi * z[i];
      for (let j = 0; j < k; j++) sx[g * k + j] += wi * d.x[j][i];
    }
    for (let g = 0; g < G; g++) {
      if (!active[g]) continue;
      sz[g] /= sw[g];
      for (let j = 0; j < k; j++) sx[g * k + j] /= sw[g];
    }
    a.fill(0);
    r.fill(0);
    for (let i = 0; i < n; i++) {
      const g = d.place[i];
      if (!active[g]) continue;
      const wi = w[i];
      const zt = z[i] - sz[g];
      for (let j = 0; j < k; j++) {
        const xj = d.x[j][i] - sx[g * k + j];
        r[j] += wi * xj * zt;
        for (let m = 0; m <= j; m++) a[j * k + m] += wi * xj * (d.x[m][i] - sx[g * k + m]);
      }
    }
    for (let j = 0; j < k; j++) for (let m = 0; m < j; m++) a[m * k + j] = a[j * k + m];
    const s = solveSpd(a, r, k);
    return s;
  };
  while (it < maxIt) {
    it++;
    const s = step();
    beta = s.b;
    inv = s.inv;
    for (let g = 0; g < G; g++) {
      if (!active[g]) continue;
      let v = sz[g];
      for (let j = 0; j < k; j++) v -= sx[g * k + j] * beta[j];
      alpha[g] = v;
    }
    for (let i = 0; i < n; i++) {
      const g = d.place[i];
      if (!active[g]) {
        eta[i] = Number.NEGATIVE_INFINITY;
        mu[i] = 0;
        continue;
      }
      let e = alpha[g];
      for (let j = 0; j < k; j++) e += d.x[j][i] * beta[j];
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    const devNew = devianceOf(d, fam, mu, active);
    const change = Math.abs(devNew - dev) / (Math.abs(devNew) + 0.1);
    dev = devNew;
    if (change < eps) {
      converged = true;
      break;
    }
  }
  // The covariance at the converged means (R's comes from the last step's weights: the same at convergence).
  inv = step().inv;
  let pearson = 0;
  let dropped = 0;
  for (let g = 0; g < G; g++) if (!active[g]) dropped++;
  for (let i = 0; i < n; i++) {
    if (!active[d.place[i]]) continue;
    const e = d.y[i] - mu[i];
    pearson += (e * e) / fam.variance(mu[i]);
  }
  const df = n - G - k;
  const se = new Float64Array(k);
  for (let j = 0; j < k; j++) se[j] = Math.sqrt(inv[j * k + j]);
  return {
    beta,
    cov: inv,
    se,
    mu,
    deviance: dev,
    pearson,
    dfResidual: df,
    dispersion: df > 0 ? pearson / df : Number.NaN,
    iterations: it,
    converged,
    placesDropped: dropped,
  };
}

function devianceOf(d: FeData, fam: Family, mu: Float64Array, active: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < d.y.length; i++) if (active[d.place[i]]) s += fam.deviance(d.y[i], mu[i]);
  return s;
}

/**
 * Poisson regression with place fixed effects. With `quasi`, the covariance is multiplied by the
 * Pearson dispersion (R's quasipoisson; the estimates are the Poisson ones).
 */
export function fitPoissonFe(d: FeData, o: FitOptions & { quasi?: boolean } = {}): FeFit {
  const fit = irls(d, poisson, o);
  if (o.quasi) {
    const phi = fit.dispersion;
    for (let i = 0; i < fit.cov.length; i++) fit.cov[i] *= phi;
    for (let j = 0; j < fit.se.length; j++) fit.se[j] *= Math.sqrt(phi);
  }
  return fit;
}

/** The negative binomial log-likelihood at θ and μ (as MASS's glm.nb computes it). */
export function negBinLogLik(y: Float64Array, mu: Float64Array, theta: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i];
    const yi = y[i];
    if (m === 0) continue; // a dropped place: y = 0 there, and its likelihood is 1
    s +=
      lgamma(theta + yi) -
      lgamma(theta) -
      lgamma(yi + 1) +
      theta * Math.log(theta) +
      (yi > 0 ? yi * Math.log(m) : 0) -
      (theta + yi) * Math.log(theta + m);
  }
  return s;
}

/**
 * The maximum-likelihood θ for fixed means (MASS::theta.ml: Newton's method from the moment
 * estimate n / Σ (y/μ − 1)²), iterated here to full precision.
 */
export function thetaMl(y: Float64Array, mu: Float64Array): { theta: number; se: number } {
  let n = 0;
  let m0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (mu[i] === 0) continue;
    n++;
    const q = y[i] / mu[i] - 1;
    m0 += q * q;
  }
  let t = n / m0;
  let info = 1;
  for (let it = 0; it < 200; it++) {
    t = Math.abs(t);
    let score = 0;
    info = 0;
    const dgT = digamma(t);
    const tgT = trigamma(t);
    for (let i = 0; i < y.length; i++) {
      const m = mu[i];
      if (m === 0) continue;
      const yi = y[i];
      score += digamma(t + yi) - dgT + Math.log(t) + 1 - Math.log(t + m) - (yi + t) / (m + t);
      info += -trigamma(t + yi) + tgT - 1 / t + 2 / (m + t) - (yi + t) / ((m + t) * (m + t));
    }
    const del = score / info;
    t += del;
    if (!Number.isFinite(t) || t > 1e10) return { theta: Number.POSITIVE_INFINITY, se: Number.NaN };
    if (Math.abs(del) < 1e-11 * Math.max(1, Math.abs(t))) break;
  }
  return { theta: Math.max(0, t), se: Math.sqrt(1 / info) };
}

/**
 * Negative binomial (NB2) regression with place fixed effects, θ by maximum likelihood: MASS::glm.nb's
 * alternation (Poisson start; then θ given μ, IRLS given θ, until the log-likelihood and θ settle).
 * When the data show no extra-Poisson variation θ runs to infinity and the Poisson fit is returned
 * with theta = Infinity.
 */
export function fitNegBinFe(d: FeData, o: FitOptions = {}): FeFit {
  let fit = irls(d, poisson, o);
  let { theta } = thetaMl(d.y, fit.mu);
  if (!Number.isFinite(theta)) return { ...fit, theta: Number.POSITIVE_INFINITY, thetaSe: Number.NaN };
  let ll = negBinLogLik(d.y, fit.mu, theta);
  for (let it = 0; it < 100; it++) {
    const eta = Float64Array.from(fit.mu, (m) => (m > 0 ? Math.log(m) : 0));
    fit = irls(d, negbin(theta), { ...o, etaStart: eta });
    const t0 = theta;
    theta = thetaMl(d.y, fit.mu).theta;
    if (!Number.isFinite(theta)) {
      const p = irls(d, poisson, o);
      return { ...p, theta: Number.POSITIVE_INFINITY, thetaSe: Number.NaN };
    }
    const ll0 = ll;
    ll = negBinLogLik(d.y, fit.mu, theta);
    if (Math.abs(ll - ll0) < 1e-11 * (Math.abs(ll) + 1) && Math.abs(t0 - theta) < 1e-10 * (1 + theta)) break;
  }
  // Final IRLS at the settled θ so the coefficients and covariance belong to it.
  const eta = Float64Array.from(fit.mu, (m) => (m > 0 ? Math.log(m) : 0));
  fit = irls(d, negbin(theta), { ...o, etaStart: eta });
  const th = thetaMl(d.y, fit.mu);
  return { ...fit, theta: th.theta, thetaSe: th.se, logLik: negBinLogLik(d.y, fit.mu, th.theta) };
}
