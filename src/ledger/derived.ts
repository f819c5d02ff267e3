/**
 * Tables derived from chained records, one row per record (keyed by record_seq): `shipments` (for
 * compute accounting by SQL aggregation) and `reviews` (screening hit reviews). The ledger writes
 * the row with its record, checks it against the record in verify(), and purges it with it, so
 * editing these tables directly is caught like editing the chain.
 */
import type { RecordsTable } from './db.ts';

export interface DerivedTable {
  kind: string;
  table: 'shipments' | 'reviews';
  row(rec: RecordsTable): Record<string, string | number | null> & { record_seq: number };
}

/** What a shipment record stores (inputs) … */
export interface ShipmentInputs {
  date: string;
  product: string;
  quantity: number;
  destination: string;
  consignee: string;
  endUser: string;
  endUserCountry?: string | null;
  endUserHeadquarters?: string | null;
  license: string;
}

/** … and what the ledger computed for it (outputs). */
export interface ShipmentOutputs {
  tppPerUnit: number;
  tpp: number;
  h100Equivalents: number;
  tier: string | null;
  tppSource: string;
  warnings?: unknown[];
}

export const DERIVED: DerivedTable[] = [
  {
    kind: 'shipment',
    table: 'shipments',
    row(rec) {
      const i = JSON.parse(rec.inputs) as ShipmentInputs;
      const o = JSON.parse(rec.outputs) as ShipmentOutputs;
      return {
        record_seq: Number(rec.seq),
        ship_date: i.date,
        year: Number(i.date.slice(0, 4)),
        product: i.product,
        quantity: i.quantity,
        destination: i.destination,
        tier: o.tier ?? null,
        consignee: i.consignee,
        end_user: i.endUser,
        end_user_country: i.endUserCountry ?? null,
        end_user_hq: i.endUserHeadquarters ?? null,
        license: i.license,
        tpp: o.tpp,
        h100e: o.h100Equivalents,
      };
    },
  },
  {
    kind: 'review',
    table: 'reviews',
    row(rec) {
      const i = JSON.parse(rec.inputs) as Record<string, string>;
      return {
        record_seq: Number(rec.seq),
        screening_ref: i.screeningRef ?? '',
        subject: i.subject ?? '',
        list_entry: i.listEntry ?? '',
        verdict: i.verdict ?? '',
        reviewer: i.reviewer ?? '',
        note: i.note ?? '',
        created_at: rec.created_at,
      };
    },
  },
];
