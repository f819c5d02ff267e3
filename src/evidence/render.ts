/** Write a chart: SVG as is, PNG through @resvg/resvg-js (system fonts). Node only. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../engine/errors.ts';

export async function writeChart(
  file: string,
  svg: string,
  field = '--plot',
): Promise<{ file: string; format: 'svg' | 'png'; bytes: number }> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new InputError(field, file, 'must end in .svg or .png');
  let data: Buffer;
  if (ext === '.svg') data = Buffer.from(svg, 'utf8');
  else {
    const { Resvg } = await import('@resvg/resvg-js');
    data = Buffer.from(
      new Resvg(svg, {
        font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
        background: '#ffffff',
      })
        .render()
        .asPng(),
    );
  }
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw new InputError(field, file, `cannot write file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { file, format: ext === '.svg' ? 'svg' : 'png', bytes: data.length };
}
