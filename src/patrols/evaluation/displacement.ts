/**
 * The weighted displacement quotient (Bowers & Johnson 2003, "Measuring the geographical displacement
 * and diffusion of benefit effects of crime prevention activity", J. Quant. Criminol. 19(3)):
 *
 *   WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb)
 *
 * R = the treated places, D = the rings around them (the displacement buffer), C = the control,
 * b = before, a = after. The denominator is the success measure: only when it is negative (the
 * treated places improved relative to control) is the quotient read. WDQ > 0: diffusion of benefits
 * to the ring; WDQ < 0: displacement into it; WDQ < −1: more displaced than was prevented.
 *
 * Non-randomised designs use it as written (C = the matched comparison places, b/a = the periods
 * before and during). In a crossover the same hotspots are treated and control on different days and
 * randomisation balances the control term (Ca = Cb), so the quotient reduces to
 *   WDQ = (Da − Db) / (Ra − Rb)
 * with R, D the mean per place-day in hotspots and rings, a = patrol days, b = other days.
 */

export interface Wdq {
  /** The quotient, or null when the success measure is not negative (nothing to displace). */
  value: number | null;
  successMeasure: number;
  bufferMeasure: number;
  reading: string;
}

export function wdq(o: { Ra: number; Rb: number; Da: number; Db: number; Ca?: number; Cb?: number }): Wdq {
  const ca = o.Ca ?? 1;
  const cb = o.Cb ?? 1;
  const success = o.Ra / ca - o.Rb / cb;
  const buffer = o.Da / ca - o.Db / cb;
  if (!(success < 0) || !Number.isFinite(success) || !Number.isFinite(buffer))
    return {
      value: null,
      successMeasure: success,
      bufferMeasure: buffer,
      reading:
        'The hotspots did not improve relative to control, so there is no benefit whose displacement could be measured (WDQ not defined).',
    };
  const v = buffer / success;
  const reading =
    v > 1
      ? 'Diffusion of benefits: the ring improved by more than the hotspots themselves.'
      : v > 0
        ? 'Diffusion of benefits: crime fell in the ring as well as in the hotspots.'
        : v === 0
          ? 'No displacement or diffusion into the ring.'
          : v >= -1
            ? 'Some displacement into the ring, smaller than the fall in the hotspots (a net benefit).'
            : 'Displacement into the ring larger than the fall in the hotspots (a net loss).';
  return { value: v, successMeasure: success, bufferMeasure: buffer, reading };
}
