/**
 * Measures that bear on licensing without adding an ECCN test: guidance, the Affiliates rule,
 * Entity List actions, the SME companion rule, the GAO decision, a withdrawn draft and bills that
 * were not enacted (kept so the policy lab can cite them as sources of scenarios).
 */
import type { Measure } from '../model.ts';

export const SME_2023_10: Measure = {
  id: 'SME-2023-10',
  title: 'Export Controls on Semiconductor Manufacturing Items (companion rule)',
  kind: 'interim-final-rule',
  frCitation: '88 FR 73424',
  frDocument: '2023-23049',
  published: '2023-10-25',
  effective: '2023-11-17',
  sources: ['88 FR 73424'],
  confidence: 'high',
  summary:
    'Semiconductor manufacturing equipment controls published with ACS-2023-10; no 3A090 test of its own.',
  provisions: [],
};

export const EL_2024_12: Measure = {
  id: 'EL-2024-12',
  title: 'Entity List additions (140) and modifications; Footnote 5 designations (16 entities)',
  kind: 'final-rule',
  frCitation: '89 FR 96830',
  frDocument: '2024-28267',
  published: '2024-12-05',
  effective: '2024-12-02',
  sources: ['89 FR 96830'],
  confidence: 'high',
  summary:
    'Entity List additions, applied through party screening (`exportctl screen`, `decide` with parties).',
  provisions: [],
};

export const AFF_2025_09: Measure = {
  id: 'AFF-2025-09',
  title: 'Expansion of End-User Controls to Cover Affiliates of Certain Listed Entities ("Affiliates rule")',
  kind: 'interim-final-rule',
  frDocument: '2025-19001',
  rin: '0694-AK11',
  published: '2025-09-30',
  effective: '2025-09-29',
  enforcement: [
    { from: '2025-09-29', to: '2025-11-10', enforced: true, basis: 'in force' },
    {
      from: '2025-11-10',
      to: '2026-11-10',
      enforced: false,
      basis: 'suspended for one year under the US–China arrangement of 2025-11',
    },
    {
      from: '2026-11-10',
      enforced: true,
      basis: 'reimposed automatically unless BIS acts; no evidence found either way',
      confidence: 'low',
    },
  ],
  sources: [
    'https://thefederalregister.org/documents/2025-19001/',
    'Skadden; Bass Berry; Visual Compliance (suspension)',
  ],
  confidence: 'high',
  summary:
    'Entities ≥ 50% owned in aggregate by Entity List or MEU parties (or certain SDNs) inherit their restrictions. Suspended 2025-11-10 to 2026-11-09; status after is unknown.',
  provisions: [
    {
      type: 'note',
      id: 'AFF-2025-09/50-percent',
      notOnDecisions: true, // decisions warn with the rule's enforcement status instead
      cfr: '15 CFR 744.11(a) (as amended by FR Doc 2025-19001); Red Flag 29',
      from: '2025-09-29',
      text: 'Affiliates rule: an end user ≥ 50% owned by listed parties inherits their licence requirements; check ownership, not just names.',
      confidence: 'high',
    },
  ],
};

export const GUID_2026_05: Measure = {
  id: 'GUID-2026-05',
  title: 'BIS guidance: licence requirement for entities headquartered in D:5 or Macau remains enforced',
  kind: 'guidance',
  released: '2026-05-31',
  effective: '2026-05-31',
  sources: ['https://www.bis.gov/media/documents/bis-guidance-may-31-2026.pdf (quoted in the research set)'],
  confidence: 'medium',
  summary:
    'Confirms that the licence requirement for advanced computing items to entities headquartered in (or with an ultimate parent in) D:5 or Macau, wherever located, in force since 2023-11-17, is enforced under §742.6(a)(6)(iii)(A); bona fide datacenter operators may continue ongoing use "until further notice".',
  provisions: [
    {
      type: 'note',
      id: 'GUID-2026-05/hq',
      whenRequirementBasis: 'end-user',
      cfr: '15 CFR 742.6(a)(6)(iii)(A); 15 CFR 744.23(a)(3)',
      from: '2026-05-31',
      destinations: { worldwide: true },
      text: 'BIS guidance of 2026-05-31 confirms the headquarters-based requirement is enforced to all destinations outside the US; bona fide datacenter operators need not stop ongoing use, storage or servicing of items already held "until further notice" (undefined term).',
      confidence: 'medium',
    },
  ],
};

export const GAO_2026_05: Measure = {
  id: 'GAO-2026-05',
  title:
    'GAO decision B-337935: the BIS non-enforcement announcement is a "rule" under the Congressional Review Act',
  kind: 'decision',
  released: '2026-05-12',
  effective: '2026-05-12',
  sources: ['https://www.gao.gov/products/b-337935'],
  confidence: 'high',
  summary:
    'The 2025-05-13 press release counts as a rule for CRA purposes; it does not change what BIS enforces.',
  provisions: [],
};

export const DRAFT_2026_02: Measure = {
  id: 'DRAFT-2026-02',
  title:
    'Draft rule "AI Action Plan Implementation" (replacement for the Diffusion rule), withdrawn from OIRA',
  kind: 'draft-rule-withdrawn',
  released: '2026-02-26',
  effective: '2026-02-26',
  enforcement: [
    { from: '2026-02-26', enforced: false, basis: 'never published; withdrawn around 2026-03-13' },
  ],
  sources: ['globaltradeandsanctionslaw; Reuters via wtocenter'],
  confidence: 'medium',
  summary:
    'Reported licence-light path up to ~1,000 GB300-equivalents; host-government involvement above ~200,000. Never published.',
  provisions: [],
};

function bill(id: string, title: string, released: string, summary: string, sources: string[]): Measure {
  return {
    id,
    title,
    kind: 'bill-not-enacted',
    released,
    effective: released,
    enforcement: [{ from: released, enforced: false, basis: 'bill not enacted as of the newest source' }],
    sources,
    confidence: 'high',
    summary,
    provisions: [],
  };
}

export const BILLS: Measure[] = [
  bill(
    'BILL-CSA',
    'Chip Security Act (H.R. 3447 / S. 1705)',
    '2026-03-26',
    'Would require location verification on exported 3A090, 3A001.z, 4A090 and 4A003.z chips within 180 days of enactment; cleared House Foreign Affairs 42–0 on 2026-03-26. Not enacted.',
    ['carraglobe; thedailyscout'],
  ),
  bill(
    'BILL-GAIN',
    'GAIN AI Act (US customers first)',
    '2025-10-09',
    'US-customer right of first refusal and certification before export; passed in the Senate NDAA (2025-10-09), dropped from the final FY2026 NDAA, reintroduced 2025-11-06. Not law.',
    ['Nextgov; Trade Law Daily'],
  ),
  bill(
    'BILL-RASA',
    'Remote Access Security Act (H.R. 2683)',
    '2026-01-12',
    'Would extend ECRA to remote (cloud) access to controlled items; passed the House 369–22 on 2026-01-12. Not enacted.',
    ['GPO Congressional Record 2026-01-12, H621'],
  ),
  bill(
    'BILL-SAFE',
    'SAFE Chips Act',
    '2025-12-04',
    'Would codify the current chip limits for adversaries (Ricketts–Coons). Not enacted.',
    ['press reports'],
  ),
];

/**
 * PART-746 — comprehensive embargoes and sanctions (standing regulation, before the window):
 * Cuba §746.2, North Korea §746.4, Crimea and covered regions of Ukraine §746.6, Iran §746.7,
 * Russia and Belarus §746.8 (87 FR 12226, 2022-02-24; 87 FR 13048, 2022-03-02), Syria §746.9.
 */
export const PART_746: Measure = {
  id: 'PART-746',
  title: 'Embargoes and other special controls (15 CFR part 746)',
  kind: 'final-rule',
  effective: '2022-03-02',
  sources: [
    '15 CFR part 746 (eCFR)',
    '87 FR 12226 (Russia, 2022-02-24)',
    '87 FR 13048 (Belarus, 2022-03-02)',
  ],
  confidence: 'high',
  summary:
    'Licence required for all items subject to the EAR to comprehensively embargoed or sanctioned destinations; policy of denial.',
  provisions: [
    ...(
      [
        ['CU', '15 CFR 746.2 (Cuba)'],
        ['KP', '15 CFR 746.4 (North Korea)'],
        ['UA-43', '15 CFR 746.6 (Crimea region of Ukraine)'],
        ['UA-40', '15 CFR 746.6 (Sevastopol)'],
        ['UA-14', '15 CFR 746.6 (covered region: Donetsk)'],
        ['UA-09', '15 CFR 746.6 (covered region: Luhansk)'],
        ['IR', '15 CFR 746.7 (Iran)'],
        ['RU', '15 CFR 746.8 (Russia)'],
        ['BY', '15 CFR 746.8 (Belarus)'],
        ['SY', '15 CFR 746.9 (Syria)'],
      ] as const
    ).map(([cc, cfr]) => ({
      type: 'license-requirement' as const,
      id: `PART-746/${cc}`,
      items: ['any'],
      destinations: { countries: [cc] },
      basis: 'embargo' as const,
      cfr,
      from: '2022-03-02',
      text: `A licence is required for all items subject to the EAR to this destination (${cfr}).`,
      confidence: 'high' as const,
    })),
    {
      type: 'review-policy',
      id: 'PART-746/policy',
      policy: 'presumption-of-denial',
      bases: ['embargo'],
      items: ['any'],
      priority: 100,
      cfr: '15 CFR part 746 (licensing policies of §§746.2–746.9)',
      from: '2022-03-02',
      text: 'Embargoed and sanctioned destinations: general policy of denial.',
      confidence: 'high',
    },
  ],
};
