// Builds data/industries.json from the LinkedIn Industry Codes V2 list (trysignalbase/industry-codes,
// MIT, in ../shared/data/taxonomies) plus the legacy (V1) industry names, which keep their ids in V2.
// Run: node scripts/build-industries.mjs   (the output is committed; users need no ../shared)
import { readFileSync, writeFileSync } from "node:fs";

const SRC = "../shared/data/taxonomies/linkedin-industry-codes-v2/industry_codes.json";
// LinkedIn's legacy industry names by id (ids 1–148); V2 kept these ids and renamed many.
const LEGACY = `1 Defense & Space
3 Computer Hardware
4 Computer Software
5 Computer Networking
6 Internet
7 Semiconductors
8 Telecommunications
9 Law Practice
10 Legal Services
11 Management Consulting
12 Biotechnology
13 Medical Practice
14 Hospital & Health Care
15 Pharmaceuticals
16 Veterinary
17 Medical Devices
18 Cosmetics
19 Apparel & Fashion
20 Sporting Goods
21 Tobacco
22 Supermarkets
23 Food Production
24 Consumer Electronics
25 Consumer Goods
26 Furniture
27 Retail
28 Entertainment
29 Gambling & Casinos
30 Leisure, Travel & Tourism
31 Hospitality
32 Restaurants
33 Sports
34 Food & Beverages
35 Motion Pictures and Film
36 Broadcast Media
37 Museums and Institutions
38 Fine Art
39 Performing Arts
40 Recreational Facilities and Services
41 Banking
42 Insurance
43 Financial Services
44 Real Estate
45 Investment Banking
46 Investment Management
47 Accounting
48 Construction
49 Building Materials
50 Architecture & Planning
51 Civil Engineering
52 Aviation & Aerospace
53 Automotive
54 Chemicals
55 Machinery
56 Mining & Metals
57 Oil & Energy
58 Shipbuilding
59 Utilities
60 Textiles
61 Paper & Forest Products
62 Railroad Manufacture
63 Farming
64 Ranching
65 Dairy
66 Fishery
67 Primary/Secondary Education
68 Higher Education
69 Education Management
70 Research
71 Military
72 Legislative Office
73 Judiciary
74 International Affairs
75 Government Administration
76 Executive Office
77 Law Enforcement
78 Public Safety
79 Public Policy
80 Marketing and Advertising
81 Newspapers
82 Publishing
83 Printing
84 Information Services
85 Libraries
86 Environmental Services
87 Package/Freight Delivery
88 Individual & Family Services
89 Religious Institutions
90 Civic & Social Organization
91 Consumer Services
92 Transportation/Trucking/Railroad
93 Warehousing
94 Airlines/Aviation
95 Maritime
96 Information Technology and Services
97 Market Research
98 Public Relations and Communications
99 Design
100 Non-Profit Organization Management
101 Fund-Raising
102 Program Development
103 Writing and Editing
104 Staffing and Recruiting
105 Professional Training & Coaching
106 Venture Capital & Private Equity
107 Political Organization
108 Translation and Localization
109 Computer Games
110 Events Services
111 Arts and Crafts
112 Electrical/Electronic Manufacturing
113 Online Media
114 Nanotechnology
115 Music
116 Logistics and Supply Chain
117 Plastics
118 Computer & Network Security
119 Wireless
120 Alternative Dispute Resolution
121 Security and Investigations
122 Facilities Services
123 Outsourcing/Offshoring
124 Health, Wellness and Fitness
125 Alternative Medicine
126 Media Production
127 Animation
128 Commercial Real Estate
129 Capital Markets
130 Think Tanks
131 Philanthropy
132 E-Learning
133 Wholesale
134 Import and Export
135 Mechanical or Industrial Engineering
136 Photography
137 Human Resources
138 Business Supplies and Equipment
139 Mental Health Care
140 Graphic Design
141 International Trade and Development
142 Wine and Spirits
143 Luxury Goods & Jewelry
144 Renewables & Environment
145 Glass, Ceramics & Concrete
146 Packaging and Containers
147 Industrial Automation
148 Government Relations`;

// Everyday names that are neither V1 nor V2 labels.
const EXTRA = {
  software: 4,
  saas: 4,
  tech: 96,
  technology: 96,
  "information technology": 96,
  it: 96,
  fintech: 43,
  finance: 43,
  healthcare: 14,
  "health care": 14,
  education: 69,
  edtech: 132,
  manufacturing: null, // a V2 category, resolved below
  telecom: 8,
  media: 126,
  ecommerce: 27,
  "e-commerce": 27,
  nonprofit: 100,
  "non-profit": 100,
  government: 75,
  energy: 57,
  legal: 10,
  consulting: 11,
  marketing: 80,
  "real estate and construction": 44,
  logistics: 116,
  transportation: 92,
  hospitality: 31,
  retail: 27,
  insurance: 42,
  banking: 41,
  pharma: 15,
  biotech: 12,
  automotive: 53,
  aerospace: 52,
  // start-up shorthands (RavenStack, YC): the nearest V2 industry
  devtools: 4,
  "developer tools": 4,
  cybersecurity: 118,
  "cyber security": 118,
  healthtech: 14,
  "health tech": 14,
  medtech: 17,
  insurtech: 42,
  proptech: 44,
  martech: 4,
  adtech: 80,
  hrtech: 137,
  "hr tech": 137,
  legaltech: 10,
};

const src = JSON.parse(readFileSync(SRC, "utf8"));
const industries = src.industries.map((i) => ({
  id: i.industry_id,
  label: i.label,
  category: i.category,
  hierarchy: i.hierarchy,
}));
const byId = new Map(industries.map((i) => [i.id, i]));
const byLabel = new Map(industries.map((i) => [i.label.toLowerCase(), i]));
const aliases = {};
for (const line of LEGACY.split("\n")) {
  const [, id, name] = /^(\d+) (.+)$/.exec(line);
  if (!byId.has(Number(id))) throw new Error(`legacy id ${id} not in V2`);
  aliases[name] = Number(id);
}
for (const [name, id] of Object.entries(EXTRA)) {
  const hit =
    id ??
    byLabel.get(name)?.id ??
    industries.find((i) => i.category.toLowerCase() === name && i.depth !== 1)?.id;
  if (hit !== undefined) aliases[name] = hit;
}
const naics = naicsCrosswalk(src.industries);
const out = {
  source: `LinkedIn Industry Codes V2 (${src.source_url}), via trysignalbase/industry-codes (MIT); legacy V1 names by id; NAICS 2022 codes (US Census, public domain) matched to V2 labels by scripts/build-industries.mjs.`,
  last_updated: src.last_updated,
  industries,
  aliases,
  naics,
};
writeFileSync("data/industries.json", `${JSON.stringify(out, null, 1)}\n`);
console.log(
  `wrote data/industries.json: ${industries.length} industries, ${Object.keys(aliases).length} aliases, ${Object.keys(naics).length} NAICS codes`,
);

// NAICS 2022 → LinkedIn V2. V2 is organised by NAICS sector, so the sector fixes the V2 category
// (table below); within it, each code takes the V2 industry whose label (and, weaker, description)
// shares the most distinctive words with the code's title. A code with no good match inherits its
// parent's industry; a sector maps to its category's top industry.
function naicsCrosswalk(v2) {
  const SECTOR = {
    11: "Farming, Ranching, Forestry",
    21: "Oil, Gas, and Mining",
    22: "Utilities",
    23: "Construction",
    31: "Manufacturing",
    32: "Manufacturing",
    33: "Manufacturing",
    42: "Wholesale",
    44: "Retail",
    45: "Retail",
    48: "Transportation, Logistics, Supply Chain and Storage",
    49: "Transportation, Logistics, Supply Chain and Storage",
    51: "Technology, Information and Media",
    52: "Financial Services",
    53: "Real Estate and Equipment Rental Services",
    54: "Professional Services",
    55: "Holding Companies",
    56: "Administrative and Support Services",
    61: "Education",
    62: "Hospitals and Health Care",
    71: "Entertainment Providers",
    72: "Accommodation Services",
    81: "Consumer Services",
    92: "Government Administration",
  };
  const STOP = new Set(
    "and or of the for to in on by with except other all not n e c miscellaneous related activities services service establishments industries general products product".split(
      " ",
    ),
  );
  const stem = (w) =>
    w
      .replace(/ies$/, "y")
      .replace(/(ss)$/, "$1")
      .replace(/([^s])s$/, "$1")
      .replace(/ing$/, "")
      .replace(/ers?$/, "")
      .replace(/ion$/, "")
      .replace(/ant$/, "");
  const words = (t) => [
    ...new Set(
      t
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 1 && !STOP.has(w))
        .map(stem),
    ),
  ];
  const rows = readFileSync("../shared/data/taxonomies/naics-2022/naics_2022_codes.csv", "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const m = /^([0-9-]+),("(?:[^"]|"")*"|[^,]*),/.exec(l);
      return { code: m[1], title: m[2].replace(/^"|"$/g, "").replace(/""/g, '"') };
    });
  const top = new Map(v2.filter((i) => i.depth === 1).map((i) => [i.category, i.industry_id]));
  const docs = v2.map((i) => ({
    id: i.industry_id,
    cat: i.category,
    label: words(i.label),
    desc: words(i.description ?? ""),
  }));
  const df = new Map();
  for (const d of docs) for (const w of new Set([...d.label, ...d.desc])) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w) => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1));
  const out = {};
  for (const { code, title } of rows) {
    const sector = Number(code.slice(0, 2));
    const cat = SECTOR[sector];
    if (!cat) throw new Error(`NAICS sector ${code} has no V2 category`);
    const key = code.includes("-") ? code : code;
    if (code.length <= 2 || code.includes("-")) {
      for (const part of code.split("-")) out[part] = top.get(cat);
      continue;
    }
    const t = words(title.replace(/\(except[^)]*\)/gi, " "));
    let best = null;
    let bestScore = 0;
    for (const d of docs) {
      if (d.cat !== cat) continue;
      let s = 0;
      for (const w of t) s += idf(w) * ((d.label.includes(w) ? 2 : 0) + (d.desc.includes(w) ? 0.5 : 0));
      s /= Math.sqrt(d.label.length + 1);
      if (s > bestScore) {
        bestScore = s;
        best = d.id;
      }
    }
    out[key] =
      bestScore >= 1.5 && best !== null ? best : (out[code.slice(0, code.length - 1)] ?? top.get(cat));
  }
  // Reviewed by hand (every 4-digit code and the 5/6-digit codes under weak matches were read):
  // where the word match is wrong. "P": the code and all its sub-codes; "=P": that code only.
  const FIX = {
    "=2131": "Mining",
    "=21311": "Mining",
    3112: "Food and Beverage Manufacturing",
    3116: "Meat Products Manufacturing",
    313: "Textile Manufacturing",
    331: "Primary Metal Manufacturing",
    3321: "Fabricated Metal Products",
    3328: "Metal Treatments",
    3399: "Manufacturing",
    33992: "Sporting Goods Manufacturing",
    339993: "Turned Products and Fastener Manufacturing",
    "=4234": "Wholesale",
    4239: "Wholesale",
    42393: "Wholesale Recyclable Materials",
    42394: "Wholesale Luxury Goods and Jewelry",
    4244: "Wholesale Food and Beverage",
    4249: "Wholesale",
    42491: "Wholesale Raw Farm Products",
    4411: "Retail Motor Vehicles",
    4413: "Retail Motor Vehicles",
    455: "Retail",
    4572: "Retail Gasoline",
    4582: "Retail Apparel and Fashion",
    481: "Airlines and Aviation",
    4881: "Airlines and Aviation",
    4889: "Transportation, Logistics, Supply Chain and Storage",
    492: "Freight and Package Transportation",
    "=5613": "Staffing and Recruiting",
    "=56131": "Staffing and Recruiting",
    561311: "Staffing and Recruiting",
    "=5617": "Facilities Services",
    56171: "Facilities Services",
    56179: "Facilities Services",
    562: "Environmental Services",
    5621: "Waste Collection",
    5622: "Waste Treatment and Disposal",
    "=6116": "Education",
    "=61169": "Education",
    611691: "Education",
    611692: "Technical and Vocational Training",
    611699: "Education",
    "=6213": "Medical Practices",
    62139: "Medical Practices",
    "=7139": "Recreational Facilities",
    71393: "Recreational Facilities",
    71395: "Recreational Facilities",
    71399: "Recreational Facilities",
    81399: "Non-profit Organizations",
    92314: "Government Administration",
  };
  const idOf = new Map(v2.map((i) => [i.label, i.industry_id]));
  const fixes = Object.entries(FIX).map(([k, label]) => {
    const id = idOf.get(label);
    if (id === undefined) throw new Error(`NAICS fix ${k}: no V2 industry "${label}"`);
    return { exact: k.startsWith("="), prefix: k.replace(/^=/, ""), id };
  });
  for (const code of Object.keys(out)) {
    let hit;
    for (const f of fixes)
      if (
        (f.exact ? code === f.prefix : code.startsWith(f.prefix)) &&
        (!hit || f.prefix.length > hit.prefix.length)
      )
        hit = f;
    if (hit) out[code] = hit.id;
  }
  // NAICS 2017 codes still common in CRM data that 2022 renumbered (2017 → 2022).
  const RENUMBERED = {
    511110: "513110",
    511120: "513120",
    511130: "513130",
    511140: "513140",
    511191: "513191",
    511199: "513199",
    511210: "513210",
    515111: "516110",
    515112: "516110",
    515120: "516120",
    515210: "516210",
    517311: "517111",
    517312: "517112",
    517911: "517121",
    517919: "517810",
    519130: "519290",
  };
  for (const [old, now] of Object.entries(RENUMBERED)) {
    if (out[old] !== undefined) throw new Error(`NAICS ${old} is a 2022 code`);
    if (out[now] === undefined) throw new Error(`NAICS ${now} unknown`);
    out[old] = out[now];
  }
  for (const old of ["454110", "454111", "454112", "454113"])
    out[old] = idOf.get("Online and Mail Order Retail");
  return out;
}
