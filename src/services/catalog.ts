/**
 * The catalog with each product's metrics and classification on a date: the answer of
 * `exportctl catalog --json` and `GET /v1/catalog` (one function, so the two stay identical).
 */
import { classifySpec } from '../engine/classify.ts';
import { catalog } from '../catalog/index.ts';

export function catalogAnswer(date: string, view: 'enforced' | 'as-written') {
  const rows = catalog().products.map((p) => {
    const c = classifySpec(p.spec, date, { view, product: p, explain: false });
    return {
      id: p.id,
      vendor: p.vendor,
      name: p.name,
      aliases: p.aliases,
      datacenter: p.spec.datacenter,
      releaseYear: p.releaseYear,
      tpp: c.metrics.tpp,
      tppFormat: c.metrics.tppFormat,
      performanceDensity: c.metrics.performanceDensity,
      dieAreaMm2: c.metrics.dieAreaMm2,
      memoryBandwidthGBps: c.metrics.memoryBandwidthGBps,
      ioBandwidthGBps: c.metrics.ioBandwidthGBps,
      h100Equivalents: c.metrics.h100Equivalents,
      eccn: c.eccn,
      paragraph: c.paragraph,
      overlays: c.overlays.map((x) => x.measure),
      confidence: c.confidence,
      throughputConfidence: p.throughputConfidence,
      dieAreaConfidence: p.dieAreaConfidence,
      sources: p.sources,
    };
  });
  return { date, view, attribution: catalog().products[0]?.attribution, products: rows };
}

/** GET /v1/catalog and `exportctl catalog --json`. */
export type CatalogAnswer = ReturnType<typeof catalogAnswer>;
