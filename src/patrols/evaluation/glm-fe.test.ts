/**
 * The place fixed-effects models against R on the fixture test/fixtures/patrols/panel.csv:
 * glm(y ~ factor(place) + treat, poisson), quasipoisson on harm, and MASS::glm.nb, as written by
 * test/fixtures/patrols/glm-fe.R into glm-fe-r.json (R is not run here).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fitNegBinFe, fitPoissonFe } from './glm-fe.ts';
import { profileLogRatio } from './permutation.ts';
import { rateRatio } from './rate-ratio.ts';
import { digamma, lgamma, normalQuantile, trigamma } from './special.ts';

const dir = new URL('../../../test/fixtures/patrols/', import.meta.url);

interface RFit {
  logRatio: number;
  se: number;
  rateRatio: number;
  lower: number;
  upper: number;
  pearson: number;
  dfResidual: number;
  dispersion?: number;
  theta?: number;
}
const r = JSON.parse(readFileSync(new URL('glm-fe-r.json', dir), 'utf8')) as Record<string, RFit>;

function loadPanel() {
  const rows = readFileSync(new URL('panel.csv', dir), 'utf8').trim().split('\n').slice(1);
  const ids = new Map<string, number>();
  const n = rows.length;
  const place = new Int32Array(n);
  const treat = new Uint8Array(n);
  const y = new Float64Array(n);
  const harm = new Float64Array(n);
  const ring = new Float64Array(n);
  rows.forEach((line, i) => {
    const f = line.split(',');
    if (!ids.has(f[0])) ids.set(f[0], ids.size);
    place[i] = ids.get(f[0]) ?? -1;
    treat[i] = Number(f[2]);
    y[i] = Number(f[3]);
    harm[i] = Number(f[4]);
    ring[i] = Number(f[5]);
  });
  return { places: ids.size, place, treat, y, harm, ring };
}

const close = (got: number, want: number, what: string, tol = 1e-6) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: ours ${got}, R ${want}`);

function sameAsR(label: string, logRatio: number, se: number, want: RFit) {
  const rr = rateRatio({ outcome: 'x', contrast: 'y', model: 'poisson', logRatio, se, dispersion: 1 });
  close(logRatio, want.logRatio, `${label} log rate ratio`);
  close(se, want.se, `${label} standard error`);
  close(rr.estimate, want.rateRatio, `${label} rate ratio`);
  close(rr.lower, want.lower, `${label} lower 95%`);
  close(rr.upper, want.upper, `${label} upper 95%`);
}

test('Poisson with place fixed effects equals R glm(y ~ factor(place) + treat, poisson) to 1e-6', () => {
  const p = loadPanel();
  const fit = fitPoissonFe({ y: p.y, place: p.place, places: p.places, x: [Float64Array.from(p.treat)] });
  assert.ok(fit.converged);
  sameAsR('poisson', fit.beta[0], fit.se[0], r.poisson);
  close(fit.pearson, r.poisson.pearson, 'Pearson χ²', 1e-5);
  assert.equal(fit.dfResidual, r.poisson.dfResidual);
  const ring = fitPoissonFe({ y: p.ring, place: p.place, places: p.places, x: [Float64Array.from(p.treat)] });
  sameAsR('ring poisson', ring.beta[0], ring.se[0], r.ringPoisson);
});

test('the profiled statistic of the permutation test is the glm estimate', () => {
  const p = loadPanel();
  close(
    profileLogRatio(p.places, p.place, p.y, p.treat),
    r.poisson.logRatio,
    'profiled log rate ratio',
    1e-9,
  );
  close(profileLogRatio(p.places, p.place, p.harm, p.treat), r.quasipoissonHarm.logRatio, 'harm', 1e-9);
});

test('quasi-Poisson on harm equals R glm(harm ~ factor(place) + treat, quasipoisson) to 1e-6', () => {
  const p = loadPanel();
  const fit = fitPoissonFe(
    { y: p.harm, place: p.place, places: p.places, x: [Float64Array.from(p.treat)] },
    { quasi: true },
  );
  sameAsR('quasi-poisson', fit.beta[0], fit.se[0], r.quasipoissonHarm);
  // R's summary.glm takes the dispersion from the last IRLS step's working weights (the means one step
  // before convergence), ours from the converged means: equal to a relative 1e-6.
  const want = r.quasipoissonHarm.dispersion ?? Number.NaN;
  close(fit.dispersion / want, 1, 'dispersion (relative)');
});

test('negative binomial with place fixed effects equals MASS::glm.nb to 1e-6', () => {
  const p = loadPanel();
  const fit = fitNegBinFe({ y: p.y, place: p.place, places: p.places, x: [Float64Array.from(p.treat)] });
  sameAsR('glm.nb', fit.beta[0], fit.se[0], r.glmNb);
  close(fit.theta ?? Number.NaN, r.glmNb.theta ?? Number.NaN, 'theta');
  // And the polished fit (θ to full precision in R too) still closer.
  close(fit.beta[0], r.negbinPolished.logRatio, 'polished', 1e-8);
});

test('a place with no crimes at all is left out and does not move the estimate', () => {
  const p = loadPanel();
  const n = p.y.length;
  const days = n / p.places;
  const y = new Float64Array(n + days);
  y.set(p.y);
  const place = new Int32Array(n + days);
  place.set(p.place);
  place.fill(p.places, n);
  const treat = new Float64Array(n + days);
  treat.set(p.treat);
  for (let d = 0; d < days; d++) treat[n + d] = d % 3 === 0 ? 1 : 0;
  const fit = fitPoissonFe({ y, place, places: p.places + 1, x: [treat] });
  assert.equal(fit.placesDropped, 1);
  close(fit.beta[0], r.poisson.logRatio, 'with an empty place');
});

test('special functions match known values', () => {
  close(digamma(1), -0.5772156649015329, 'ψ(1)', 1e-13);
  close(digamma(0.5), -1.9635100260214235, 'ψ(0.5)', 1e-13);
  close(trigamma(1), Math.PI ** 2 / 6, "ψ'(1)", 1e-13);
  close(trigamma(0.5), Math.PI ** 2 / 2, "ψ'(0.5)", 1e-12);
  close(lgamma(10), Math.log(362880), 'lnΓ(10)', 1e-12);
  close(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 'lnΓ(0.5)', 1e-12);
  close(normalQuantile(0.975), 1.959963984540054, 'z 0.975', 1e-14);
  close(normalQuantile(0.8), 0.8416212335729143, 'z 0.8', 1e-14);
  close(normalQuantile(1e-10), -6.361340902404056, 'z 1e-10', 1e-10);
});
