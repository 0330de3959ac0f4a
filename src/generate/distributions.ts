/**
 * Distributions for the company generator. Industry and country shares are counts from
 * ../shared/data/pdl-companies-top21k (industry labels are LinkedIn's v1 names as PDL writes them);
 * the tech list and size model follow common B2B list vendors. Only aggregate shares are kept here.
 */
export const INDUSTRIES: ReadonlyArray<readonly [string, number]> = [
  ["information technology and services", 917], ["computer software", 357], ["internet", 285],
  ["financial services", 757], ["hospital & health care", 1464], ["retail", 738], ["banking", 715],
  ["higher education", 1913], ["education management", 656], ["insurance", 545], ["telecommunications", 522],
  ["oil & energy", 519], ["automotive", 394], ["construction", 368], ["real estate", 327], ["research", 324],
  ["marketing and advertising", 278], ["pharmaceuticals", 271], ["consumer goods", 257], ["utilities", 257],
  ["government administration", 1079], ["non-profit organization management", 244],
  ["health, wellness and fitness", 236], ["food & beverages", 216], ["hospitality", 215],
  ["airlines/aviation", 213], ["transportation/trucking/railroad", 212], ["law practice", 212],
  ["management consulting", 204], ["electrical/electronic manufacturing", 198], ["mining & metals", 190],
  ["logistics and supply chain", 183], ["broadcast media", 178], ["mechanical or industrial engineering", 166],
  ["chemicals", 154], ["staffing and recruiting", 154], ["accounting", 146], ["medical devices", 145],
  ["apparel & fashion", 145], ["food production", 139], ["entertainment", 136], ["restaurants", 123],
  ["civil engineering", 120], ["computer & network security", 110], ["e-learning", 90], ["venture capital & private equity", 80],
];

/** [country name as PDL writes it, ISO alpha-2, region, weight, cities]. */
export const COUNTRIES: ReadonlyArray<readonly [string, string, string, number, readonly string[]]> = [
  ["united states", "US", "north america", 8222, ["new york", "san francisco", "austin", "chicago", "boston", "seattle", "atlanta", "denver"]],
  ["united kingdom", "GB", "europe", 1288, ["london", "manchester", "edinburgh", "bristol"]],
  ["canada", "CA", "north america", 673, ["toronto", "vancouver", "montreal"]],
  ["india", "IN", "apac", 656, ["bangalore", "mumbai", "pune", "hyderabad"]],
  ["france", "FR", "europe", 520, ["paris", "lyon"]],
  ["netherlands", "NL", "europe", 456, ["amsterdam", "rotterdam", "utrecht"]],
  ["brazil", "BR", "latam", 439, ["são paulo", "rio de janeiro"]],
  ["australia", "AU", "apac", 340, ["sydney", "melbourne"]],
  ["italy", "IT", "europe", 295, ["milan", "rome"]],
  ["germany", "DE", "europe", 279, ["berlin", "munich", "hamburg", "köln"]],
  ["spain", "ES", "europe", 279, ["madrid", "barcelona"]],
  ["switzerland", "CH", "europe", 215, ["zürich", "geneva"]],
  ["sweden", "SE", "europe", 196, ["stockholm", "göteborg"]],
  ["south africa", "ZA", "middle east & africa", 173, ["johannesburg", "cape town"]],
  ["denmark", "DK", "europe", 155, ["copenhagen"]],
  ["belgium", "BE", "europe", 154, ["brussels", "antwerp"]],
  ["china", "CN", "apac", 145, ["shanghai", "beijing", "shenzhen"]],
  ["united arab emirates", "AE", "middle east & africa", 137, ["dubai", "abu dhabi"]],
  ["mexico", "MX", "latam", 131, ["mexico city", "monterrey"]],
  ["norway", "NO", "europe", 111, ["oslo"]],
  ["singapore", "SG", "apac", 93, ["singapore"]],
  ["ireland", "IE", "europe", 82, ["dublin", "cork"]],
  ["namibia", "NA", "middle east & africa", 5, ["windhoek"]],
];

export const TECH: ReadonlyArray<readonly [string, number]> = [
  ["Google Workspace", 60], ["Microsoft 365", 45], ["Slack", 40], ["AWS", 38], ["Salesforce", 30], ["HubSpot", 26],
  ["Zoom", 35], ["Jira", 25], ["Google Analytics", 50], ["Stripe", 18], ["Shopify", 8], ["Zendesk", 14],
  ["Intercom", 10], ["Marketo", 7], ["Snowflake", 6], ["Okta", 9], ["Workday", 8], ["NetSuite", 9],
  ["QuickBooks", 12], ["Pipedrive", 5], ["Gong", 4], ["Outreach", 4], ["Segment", 5], ["Azure", 20],
  ["Kronos", 3], ["SAP", 7], ["Oracle", 6], ["Tableau", 8], ["Looker", 5], ["dbt", 3],
];

export const FUNDING_STAGES = ["bootstrapped", "seed", "series a", "series b", "series c", "series d+", "private equity", "public"] as const;
export const BUSINESS_MODELS: ReadonlyArray<readonly [string, number]> = [["b2b", 55], ["b2c", 20], ["b2b2c", 12], ["marketplace", 8], ["government", 5]];
export const OWNERSHIP = ["private", "public", "nonprofit", "government"] as const;

export const NAME_PARTS = {
  start: ["ac", "bel", "cor", "dyn", "el", "fin", "gal", "hel", "in", "jun", "kin", "lum", "mer", "nov", "or", "pax", "qu", "ros", "sol", "tal", "ul", "ver", "wex", "xan", "yor", "zen", "bra", "clo", "dra", "fle", "gro", "pri", "stra", "tri"],
  mid: ["a", "e", "i", "o", "u", "ar", "en", "ix", "on", "um", "ent", "ast", "ell"],
  end: ["ly", "io", "ex", "is", "on", "ia", "ra", "go", "ta", "sy", "va", "to", "ium", "ify", "hub", "works", "labs", "base", "stack"],
  suffix: ["", "", "", " inc", " ltd", " gmbh", " group", " technologies", " systems", " solutions", " partners", " & co"],
};

export const DESCRIPTION_TEMPLATES = [
  "{name} builds {what} for {who}.",
  "{name} is a {industry} company serving {who}.",
  "{name} helps {who} with {what}, a consulting and services firm.",
  "{name} is a full-service agency for {who}.",
  "Platform for {who}: {what}.",
  "{name} provides {what} to {who} across {region}.",
];
export const WHAT = ["workflow automation", "payments infrastructure", "revenue analytics", "time tracking", "clinical software", "supply-chain visibility", "hiring tools", "cloud security", "learning software", "field-service management", "data pipelines", "customer support software"];
export const WHO = ["mid-market finance teams", "hospitals", "retailers", "manufacturers", "law firms", "universities", "logistics operators", "software companies", "restaurants", "public agencies", "insurers", "marketing teams"];
