/*
 * The vocabularies of the dead-letter bench's generated messages and rows:
 * domains, stages and events of the queues, squads, cities and words.
 */

export const DOMAINS = [
  'orders',
  'payments',
  'accounts',
  'cards',
  'loans',
  'fraud',
  'kyc',
  'ledger',
  'notifications',
  'statements',
  'transfers',
  'fx',
  'treasury',
  'onboarding',
];
export const STAGES = [
  'processing',
  'settlement',
  'audit',
  'events',
  'commands',
];
export const EVENTS = [
  'Created',
  'Updated',
  'Cancelled',
  'Approved',
  'Rejected',
  'Settled',
  'Reversed',
  'Expired',
  'Opened',
  'Closed',
  'Flagged',
  'Cleared',
  'Posted',
  'Requested',
  'Confirmed',
  'Failed',
  'Scheduled',
  'Archived',
  'Verified',
  'Renewed',
];
export const SQUADS = [
  'aura',
  'borealis',
  'cobalt',
  'delta',
  'ember',
  'fjord',
  'granite',
  'harbor',
  'indigo',
  'juniper',
  'kestrel',
  'lumen',
  'meridian',
  'nimbus',
  'onyx',
  'pulsar',
  'quartz',
  'raven',
  'sierra',
  'tundra',
  'umber',
  'vega',
  'willow',
  'xenon',
  'yarrow',
  'zephyr',
  'atlas',
  'beacon',
  'cascade',
  'drift',
];
export const CITIES = [
  'london',
  'dublin',
  'amsterdam',
  'lisbon',
  'madrid',
  'paris',
  'berlin',
  'warsaw',
  'prague',
  'vienna',
  'milan',
  'zurich',
  'oslo',
  'stockholm',
  'helsinki',
  'copenhagen',
  'brussels',
  'luxembourg',
  'edinburgh',
  'cardiff',
];
export const WORDS =
  `account active address adjustment advice agent alert allocation
amount analysis annual approval archive asset audit authority balance bank
basket batch beneficiary billing bond branch broker budget bulk business
calendar campaign cancel capital card carrier cash category channel charge
check claim clearing client closing code collateral commission company
compliance confirm contract control corporate correction cost counter
country coupon credit currency customer daily data date deadline debit
default delivery deposit desk detail device digital direct discount dispute
document domestic draft due duplicate early entry equity error escrow
estimate exchange expense export external facility factor fee file filing
final finance fixed flag foreign forward fraud fund future gateway general
global gross group guarantee hedge history hold holiday identity import
income index instant instruction insurance interest internal invoice issue
journal key label late ledger legal lending letter level limit line liquidity
loan local lock loyalty maintenance manual margin market master maturity
member merchant method mobile monthly mortgage net network notice number
offer office online open operation option order origin outbound overdraft
owner partner party payee payment payroll pending period personal plan
platform policy pool portfolio position premium price primary priority
product profile quarter quota quote rate receipt reconciliation record
recurring reference refund region register regular rejection release
remittance renewal report request reserve retail return review reward risk
routing rule salary savings schedule score screening sector secure segment
service session settlement share signature single source spread standard
statement status sterling stock store structured summary supplier support
swap system target tax teller term terminal threshold ticket token trade
transaction transfer treasury trust unit update usage user valuation value
vendor verification virtual volume wallet warning wholesale window wire
withdrawal yield`.split(/\s+/);
