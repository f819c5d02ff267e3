import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../src/catalog/index.ts';
import { compareWithEpoch, mergedCatalogCsv, readEpochHardware } from '../src/catalog/epoch.ts';
import { InputError } from '../src/engine/errors.ts';

const REQUIRED = [
  'NVIDIA A100 SXM',
  'NVIDIA A800',
  'NVIDIA H100 SXM',
  'NVIDIA H800',
  'NVIDIA H20',
  'NVIDIA H200',
  'NVIDIA B200',
  'NVIDIA L4',
  'NVIDIA L20',
  'NVIDIA L40S',
  'NVIDIA GeForce RTX 4090',
  'NVIDIA GeForce RTX 4090D',
  'AMD Instinct MI250X',
  'AMD Instinct MI325X',
];

describe('catalog', () => {
  it('holds the 52 accelerators with sources and confidence', () => {
    expect(catalog().products).toHaveLength(52);
    for (const p of catalog().products) {
      expect(p.sources.length, p.fullName).toBeGreaterThan(0);
      expect(['high', 'medium', 'low']).toContain(p.confidence);
    }
  });
  it('resolves the names users type, case-insensitively', () => {
    for (const n of REQUIRED) {
      expect(catalog().resolve(n).fullName).toBeTruthy();
      expect(catalog().resolve(n.toLowerCase()).id).toBe(catalog().resolve(n).id);
    }
    expect(catalog().resolve('nvidia h100').id).toBe('nvidia-h100-sxm5-80gb');
    expect(catalog().resolve('H100 PCIe').id).toBe('nvidia-h100-pcie-80gb');
  });
  it('ambiguous and unknown names are errors listing the closest names', () => {
    expect(() => catalog().resolve('Intel Gaudi 3')).toThrow(/ambiguous.*Gaudi 3 China/);
    try {
      catalog().resolve('NVIDIA H2000');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/closest catalog names: .*H200/);
    }
  });
});

describe('Epoch AI importer', () => {
  const csv = [
    'Hardware name,Manufacturer,Type,Release date,FP64 (double precision) performance (FLOP/s),Tensor-FP16/BF16 performance (FLOP/s),INT8 performance (OP/s),Die Size (mm^2),Memory bandwidth (byte/s),FP8 performance (FLOP/s)',
    'NVIDIA H100 SXM5 80GB,NVIDIA,GPU,2022-03-22,6.7e13,9.894e14,1.979e15,814,3.35e12,1.979e15',
    'NVIDIA L4,NVIDIA,GPU,2023-03-21,,1.21e14,2.425e14,400,3e11,',
    'Acme Tensor 1,Acme,Accelerator,2025-02-01,,5e14,1e15,600,4e12,1e15',
    ',,,,,,,,,',
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'epoch-'));
  const f = join(dir, 'hw.csv');
  writeFileSync(f, '\ufeff' + csv);
  const report = compareWithEpoch(readEpochHardware(f));

  it('matches rows to products and converts units', () => {
    expect(report.matched.map((m) => m.product)).toEqual(['NVIDIA H100 SXM5 80GB', 'NVIDIA L4']);
    expect(report.conflicts.filter((c) => c.product.includes('H100'))).toEqual([]);
  });
  it('reports conflicts instead of overwriting, and keeps the catalog value by default', () => {
    const c = report.conflicts.find((x) => x.product === 'NVIDIA L4' && x.field === 'dieAreaMm2');
    expect(c).toMatchObject({ catalog: 294, epoch: 400 });
    const merged = mergedCatalogCsv(report);
    expect(merged).toMatch(/dieAreaMm2: Epoch AI reports 400, kept 294/);
    expect(mergedCatalogCsv(report, 'epoch')).toMatch(/dieAreaMm2 set to Epoch AI value 400 \(was 294\)/);
  });
  it('offers new accelerators and reports rejected rows with line numbers', () => {
    expect(report.newProducts.map((n) => n.name)).toEqual(['Acme Tensor 1']);
    expect(report.rejected).toEqual([{ line: 5, reason: 'empty "Hardware name"' }]);
    expect(mergedCatalogCsv(report, 'catalog', true)).toMatch(/Acme,Tensor 1,2025,,unclear/);
  });
  it('refuses a file that is not an Epoch export', () => {
    const g = join(dir, 'x.csv');
    writeFileSync(g, 'a,b\n1,2\n');
    expect(() => readEpochHardware(g)).toThrow(InputError);
  });
});
