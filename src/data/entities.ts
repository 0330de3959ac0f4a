/**
 * The tables users bring beside accounts, and the column names common exports (HubSpot, Salesforce,
 * Apollo, People Data Labs, plain) give their fields. `detectEntity` guesses which table a header
 * is; `mapEntityColumns` picks a column per field. Accounts use the profile's standard fields.
 */
import { columnKey, STANDARD_FIELDS } from "../profile/fields.js";

export const ENTITIES = [
  "accounts",
  "deals",
  "subscriptions",
  "contacts",
  "events",
  "costs",
  "activities",
] as const;
export type Entity = (typeof ENTITIES)[number];

export type FieldKind =
  | "id"
  | "text"
  | "number"
  | "money"
  | "date"
  | "stage"
  | "email"
  | "domain"
  | "category";

export interface EntityField {
  name: string;
  kind: FieldKind;
  columns: string[];
}

/** The account a row belongs to: an id, or (e.g. Maven's `account`) a name; linking tries both. */
const ACCOUNT_REF = [
  "account id",
  "accountid",
  "company id",
  "companyid",
  "associated company id",
  "organization id",
  "account",
];
const ACCOUNT_NAME: EntityField = {
  name: "account_name",
  kind: "text",
  columns: [
    "account name",
    "company",
    "company name",
    "associated company",
    "organization",
    "organisation",
    "organization name",
    "employer",
    "deal - organization",
    "organization - name",
  ],
};
const ACCOUNT_DOMAIN: EntityField = {
  name: "account_domain",
  kind: "domain",
  columns: [
    "domain",
    "company domain",
    "company domain name",
    "account domain",
    "website",
    "company website",
    "account website",
    "website url",
  ],
};
const ACTIVITY_FIELDS: EntityField[] = [
  {
    name: "contact",
    kind: "id",
    columns: ["contact id", "contactid", "prospect id", "lead id", "person id", "recipient id"],
  },
  {
    name: "email",
    kind: "email",
    columns: [
      "email",
      "contact email",
      "prospect email",
      "lead email",
      "email address",
      "recipient",
      "recipient email",
      "to",
    ],
  },
  { name: "account", kind: "id", columns: ACCOUNT_REF },
  ACCOUNT_NAME,
  ACCOUNT_DOMAIN,
  {
    name: "campaign",
    kind: "category",
    columns: ["campaign", "campaign name", "sequence", "sequence name", "cadence", "cadence name"],
  },
  {
    name: "sent",
    kind: "text",
    columns: [
      "sent",
      "emails sent",
      "email sent",
      "sent at",
      "delivered",
      "contacted",
      "last contacted",
      "num sent",
    ],
  },
  {
    name: "bounced",
    kind: "text",
    columns: ["bounced", "bounce", "email bounced", "bounced at", "hard bounced"],
  },
  {
    name: "opened",
    kind: "text",
    columns: [
      "opened",
      "opens",
      "email open",
      "email opened",
      "opened at",
      "open count",
      "num opens",
      "first opened at",
    ],
  },
  {
    name: "replied",
    kind: "text",
    columns: [
      "replied",
      "replies",
      "email replied",
      "replied at",
      "reply",
      "reply count",
      "num replies",
      "responded",
    ],
  },
  {
    name: "meeting",
    kind: "text",
    columns: [
      "meeting booked",
      "meetings booked",
      "meeting",
      "meeting set",
      "meeting booked at",
      "booked meeting",
      "demo booked",
      "demoed",
    ],
  },
  {
    name: "qualified",
    kind: "text",
    columns: ["qualified", "is qualified", "qualified at", "sql", "opportunity created", "converted"],
  },
  {
    // Not "email status": Apollo uses it for the address's verification ("Verified", "Likely to engage").
    name: "status",
    kind: "category",
    columns: [
      "status",
      "outcome",
      "sequence status",
      "contact status",
      "lead status",
      "stage",
      "contact stage",
      "disposition",
      "result",
    ],
  },
  {
    name: "type",
    kind: "category",
    columns: ["activity type", "activity_type", "event type", "event_type", "activity", "event", "type"],
  },
  {
    name: "date",
    kind: "date",
    columns: ["activity date", "date", "timestamp", "occurred at", "created at"],
  },
];

export const ENTITY_FIELDS: Readonly<Record<Exclude<Entity, "accounts">, EntityField[]>> = {
  deals: [
    {
      name: "id",
      kind: "id",
      columns: ["deal id", "opportunity id", "opportunityid", "record id", "id", "opportunity_id"],
    },
    { name: "account", kind: "id", columns: ACCOUNT_REF },
    ACCOUNT_NAME,
    ACCOUNT_DOMAIN,
    {
      name: "deal_name",
      kind: "text",
      columns: ["deal name", "dealname", "opportunity name", "deal title", "deal - title"],
    },
    {
      name: "stage",
      kind: "stage",
      columns: [
        "deal - status",
        "deal stage",
        "dealstage",
        "stage",
        "stagename",
        "stage name",
        "opportunity stage",
        "status",
        "outcome",
      ],
    },
    {
      name: "is_won",
      kind: "category",
      columns: ["iswon", "is won", "is_won", "hs_is_closed_won", "is closed won", "won"],
    },
    {
      name: "is_closed",
      kind: "category",
      columns: ["isclosed", "is closed", "is_closed", "hs_is_closed", "closed?"],
    },
    {
      name: "currency",
      kind: "category",
      columns: [
        "currencyisocode",
        "currency iso code",
        "amount currency",
        "deal currency",
        "deal_currency_code",
        "opportunity currency",
        "deal - currency",
        "currency code",
        "currency",
      ],
    },
    {
      name: "amount",
      kind: "money",
      columns: [
        "amount",
        "deal amount",
        "close value",
        "close_value",
        "value",
        "acv",
        "arr",
        "opportunity amount",
        "deal - value",
      ],
    },
    {
      name: "created",
      kind: "date",
      columns: [
        "deal created",
        "deal create date",
        "opportunity created",
        "create date",
        "createdate",
        "created date",
        "createddate",
        "created at",
        "engage date",
        "engage_date",
        "created",
        "deal - deal created",
      ],
    },
    {
      name: "closed",
      kind: "date",
      columns: [
        "close date",
        "closedate",
        "closed date",
        "closed at",
        "close_date",
        "closed",
        "deal - deal closed on",
        "deal - close time",
        "deal - won time",
      ],
    },
    {
      name: "owner",
      kind: "text",
      columns: ["deal owner", "opportunity owner", "owner", "owner name", "sales agent", "sales_agent"],
    },
    { name: "product", kind: "category", columns: ["product", "product name", "products", "plan"] },
  ],
  subscriptions: [
    { name: "id", kind: "id", columns: ["subscription id", "subscription_id", "id"] },
    { name: "account", kind: "id", columns: ACCOUNT_REF },
    ACCOUNT_NAME,
    ACCOUNT_DOMAIN,
    { name: "mrr", kind: "money", columns: ["mrr", "mrr amount", "mrr_amount", "monthly recurring revenue"] },
    { name: "arr", kind: "money", columns: ["arr", "arr amount", "arr_amount", "annual recurring revenue"] },
    {
      name: "start",
      kind: "date",
      columns: ["start date", "start_date", "subscription start", "started at", "signup date", "signup_date"],
    },
    {
      name: "end",
      kind: "date",
      columns: [
        "end date",
        "end_date",
        "churn date",
        "churn_date",
        "cancel date",
        "cancellation date",
        "ended at",
      ],
    },
    {
      name: "churn_reason",
      kind: "category",
      columns: ["churn reason", "reason code", "reason_code", "cancellation reason", "reason"],
    },
  ],
  contacts: [
    { name: "id", kind: "id", columns: ["contact id", "contactid", "record id", "id", "person id"] },
    { name: "account", kind: "id", columns: ACCOUNT_REF },
    ACCOUNT_NAME,
    ACCOUNT_DOMAIN,
    { name: "first_name", kind: "text", columns: ["first name", "firstname", "first_name", "given name"] },
    { name: "last_name", kind: "text", columns: ["last name", "lastname", "last_name", "surname"] },
    { name: "name", kind: "text", columns: ["name", "full name", "contact name"] },
    { name: "title", kind: "text", columns: ["job title", "jobtitle", "title", "position", "designation"] },
    {
      name: "email",
      kind: "email",
      columns: ["email", "e-mail", "email address", "work email", "business email"],
    },
  ],
  costs: [
    { name: "account", kind: "id", columns: ACCOUNT_REF },
    ACCOUNT_NAME,
    ACCOUNT_DOMAIN,
    {
      name: "cac",
      kind: "money",
      columns: ["cac", "acquisition cost", "customer acquisition cost", "cost of acquisition", "sales cost"],
    },
    { name: "gross_margin", kind: "number", columns: ["gross margin", "gross margin pct", "gm", "margin"] },
    {
      name: "cost_to_serve",
      kind: "money",
      columns: ["cost to serve", "monthly cost to serve", "cogs", "monthly cogs", "service cost"],
    },
  ],
  events: [
    { name: "account", kind: "id", columns: ACCOUNT_REF },
    ACCOUNT_NAME,
    ACCOUNT_DOMAIN,
    { name: "type", kind: "category", columns: ["event type", "event_type", "type", "event", "signal"] },
    {
      name: "date",
      kind: "date",
      columns: [
        "event date",
        "event_date",
        "date",
        "occurred at",
        "posted at",
        "posted",
        "announced on",
        "created at",
        "first seen",
      ],
    },
    { name: "title", kind: "text", columns: ["job title", "title", "position", "role title"] },
  ],
  activities: ACTIVITY_FIELDS,
};

/**
 * Outreach: one row per contact (Apollo, Outreach, Salesloft, Lemlist, Instantly exports: sent,
 * opened, replied, meeting booked, a status), or one row per activity (an activity type and a
 * contact). Flags may be booleans, counts or dates.
 */
export const ACCOUNT_EXTRA: EntityField[] = [
  {
    name: "id",
    kind: "id",
    columns: [
      "account id",
      "accountid",
      "company id",
      "companyid",
      "record id",
      "id",
      "organization id",
      "hs_object_id",
      "organization - id",
      "apollo account id",
    ],
  },
  {
    name: "name",
    kind: "text",
    columns: [
      "company name",
      "account name",
      "organization name",
      "organization - name",
      "name",
      "company",
      "account",
      "organization",
    ],
  },
];

function pick(columns: readonly string[], header: readonly string[], taken: Set<string>): string | undefined {
  const byKey = new Map<string, string>();
  for (const h of header) if (!byKey.has(columnKey(h)) && !taken.has(h)) byKey.set(columnKey(h), h);
  for (const c of columns) {
    const hit = byKey.get(columnKey(c));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export interface MappedField {
  field: string;
  kind: FieldKind | "standard";
  column: string;
  normalize?: string;
  /** Other columns of the header this field could have read (the first match in alias order won). */
  alternatives?: string[];
}

/** The column chosen for each field of an entity (each column used once, first match wins). */
export function mapEntityColumns(entity: Entity, header: readonly string[]): MappedField[] {
  const taken = new Set<string>();
  const out: MappedField[] = [];
  const fields =
    entity === "accounts"
      ? [
          ...ACCOUNT_EXTRA,
          ...STANDARD_FIELDS.map((f) => ({
            name: f.name,
            kind: "standard" as const,
            columns: f.columns,
            normalize: f.normalize,
          })),
        ]
      : ENTITY_FIELDS[entity];
  for (const f of fields) {
    const c = pick(f.columns, header, taken);
    if (c === undefined) continue;
    taken.add(c);
    const norm = "normalize" in f ? f.normalize : undefined;
    // the other columns whose names this field also reads (shown by inspect: what else was a candidate)
    const keys = new Set(f.columns.map(columnKey));
    const others = header.filter((h) => h !== c && keys.has(columnKey(h)));
    out.push({
      field: f.name,
      kind: f.kind,
      column: c,
      ...(norm ? { normalize: norm } : {}),
      ...(others.length ? { alternatives: others } : {}),
    });
  }
  return out;
}

/** Which table a header most likely is: the entity whose distinctive fields it has most of. */
export function detectEntity(header: readonly string[]): { entity: Entity; because: string[] } {
  const distinctive: Record<Exclude<Entity, "accounts">, string[]> = {
    deals: ["stage", "amount", "closed", "created", "deal_name", "is_won"],
    subscriptions: ["mrr", "arr", "start", "end", "churn_reason"],
    contacts: ["title", "email", "first_name", "last_name"],
    events: ["type", "date"],
    costs: ["cac", "gross_margin", "cost_to_serve"],
    activities: ["sent", "opened", "replied", "meeting", "bounced", "campaign"],
  };
  let best: { entity: Entity; because: string[] } = { entity: "accounts", because: [] };
  for (const [entity, names] of Object.entries(distinctive) as Array<
    [Exclude<Entity, "accounts">, string[]]
  >) {
    const mapped = mapEntityColumns(entity, header).filter((m) => names.includes(m.field));
    if (mapped.length >= 2 && mapped.length > best.because.length)
      best = { entity, because: mapped.map((m) => `${m.field} ← ${m.column}`) };
  }
  return best;
}
