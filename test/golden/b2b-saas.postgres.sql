WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src."employees" AS text) IS NULL THEN NULL WHEN (CASE WHEN (CAST(__icp_src."employees" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."employees" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) IS NOT NULL AND ((CASE WHEN (CAST(__icp_src."employees" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."employees" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) NOT IN ('Infinity'::float8, '-Infinity'::float8)) THEN CAST(__icp_src."employees" AS text) ELSE __icp_m0."icp_value" END AS "__icp_n0",
    CASE WHEN CAST(__icp_src."industry" AS text) IS NULL THEN NULL ELSE __icp_m1."icp_value" END AS "__icp_n1"
  FROM "accounts" AS __icp_src
  LEFT JOIN "icp_normalised" AS __icp_m0 ON __icp_m0."icp_fn" = 'icp_norm_employees' AND __icp_m0."icp_raw" = CAST(__icp_src."employees" AS text)
  LEFT JOIN "icp_normalised" AS __icp_m1 ON __icp_m1."icp_fn" = 'icp_norm_industry' AND __icp_m1."icp_raw" = CAST(__icp_src."industry" AS text)
)
, __icp_l AS (
  SELECT *,
    lower("__icp_n1") AS "__icp_l0",
    lower(CAST("region" AS text)) AS "__icp_l1",
    lower(CAST("tech" AS text)) AS "__icp_l2",
    lower(CAST("funding_stage" AS text)) AS "__icp_l3",
    lower(CAST("description" AS text)) AS "__icp_l4"
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN ("__icp_n0" ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim("__icp_n0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v0",
    CASE WHEN "__icp_l0" IS NULL THEN NULL WHEN ("__icp_l0" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l0") <= 4 AND "__icp_l0" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l0" END END AS "__icp_v1",
    CASE WHEN "__icp_l1" IS NULL THEN NULL WHEN ("__icp_l1" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l1") <= 4 AND "__icp_l1" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l1" END END AS "__icp_v2",
    CASE WHEN "__icp_l2" IS NULL THEN NULL WHEN ("__icp_l2" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l2") <= 4 AND "__icp_l2" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l2" END END AS "__icp_v3",
    CASE WHEN "__icp_l3" IS NULL THEN NULL WHEN ("__icp_l3" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l3") <= 4 AND "__icp_l3" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l3" END END AS "__icp_v4",
    CASE WHEN (CAST("founded_year" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST("founded_year" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v5",
    CASE WHEN "__icp_l4" IS NULL THEN NULL WHEN ("__icp_l4" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l4") <= 4 AND "__icp_l4" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l4" END END AS "__icp_v6"
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN ("__icp_v0" IS NOT NULL AND ("__icp_v0" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v0" >= CAST($1 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o0",
    CASE WHEN "__icp_v1" IS NOT NULL THEN (CASE WHEN "__icp_v1" IN ($2, $3) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o1",
    CASE WHEN "__icp_v1" IS NOT NULL THEN (CASE WHEN "__icp_v1" IN ($4, $5, $6) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o2",
    CASE WHEN ("__icp_v0" IS NOT NULL AND ("__icp_v0" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v0" >= CAST($7 AS DOUBLE PRECISION) AND "__icp_v0" <= CAST($8 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o3",
    CASE WHEN "__icp_v2" IS NOT NULL THEN (CASE WHEN "__icp_v2" IN ($9, $10) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o4",
    CASE WHEN ("__icp_v3" IS NOT NULL AND ("__icp_v3" ~ '[^;,| \t\n\r\f\v]')) THEN (CASE WHEN ("__icp_v3" ~ $11) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o5",
    CASE WHEN "__icp_v4" IS NOT NULL THEN (CASE WHEN "__icp_v4" IN ($12, $13, $14) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o6",
    CASE WHEN ("__icp_v5" IS NOT NULL AND ("__icp_v5" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v5" >= CAST($15 AS DOUBLE PRECISION) AND "__icp_v5" <= CAST($16 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o7",
    CASE WHEN "__icp_v6" IS NOT NULL THEN (CASE WHEN ((strpos("__icp_v6", $17) > 0) OR (strpos("__icp_v6", $18) > 0) OR (strpos("__icp_v6", $19) > 0)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o8"
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    ("__icp_p0_o0" = 0 OR "__icp_p0_o1" = 1) AS "__icp_p0_dq",
    (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o8" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_known",
    (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS "__icp_p0_hi",
    (CASE WHEN "__icp_p0_o8" <> 2 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_lo",
    (CASE WHEN "__icp_p0_o2" = 1 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" = 1 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" = 1 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o8" = 1 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_raw"
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN "__icp_p0_dq" THEN 'disqualified' WHEN ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(60000000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS "__icp_p0_state",
    CASE WHEN "__icp_p0_dq" OR ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(60000000 AS BIGINT)) THEN NULL ELSE ((2000 * ("__icp_p0_raw" - "__icp_p0_lo") + ("__icp_p0_hi" - "__icp_p0_lo")) / (2 * ("__icp_p0_hi" - "__icp_p0_lo"))) END AS "__icp_p0_tenths",
    CASE WHEN "__icp_p0_dq" THEN concat_ws('; ', CASE WHEN "__icp_p0_o0" = 0 THEN $20 END, CASE WHEN "__icp_p0_o1" = 1 THEN $21 END) ELSE concat_ws('; ', CASE WHEN "__icp_p0_o2" = 1 THEN $22 END, CASE WHEN "__icp_p0_o3" = 1 THEN $23 END, CASE WHEN "__icp_p0_o4" = 1 THEN $24 END, CASE WHEN "__icp_p0_o5" = 1 THEN $25 END, CASE WHEN "__icp_p0_o6" = 1 THEN $26 END, CASE WHEN "__icp_p0_o8" = 1 THEN $27 END, CASE WHEN "__icp_p0_o7" = 1 THEN $28 END, CASE WHEN "__icp_p0_o2" = 0 THEN $29 END, CASE WHEN "__icp_p0_o3" = 0 THEN $30 END, CASE WHEN "__icp_p0_o4" = 0 THEN $31 END, CASE WHEN "__icp_p0_o5" = 0 THEN $32 END, CASE WHEN "__icp_p0_o6" = 0 THEN $33 END, CASE WHEN "__icp_p0_o7" = 0 THEN $34 END, CASE WHEN "__icp_p0_o8" = 0 THEN $35 END, CASE WHEN "__icp_p0_o2" = 2 THEN $36 END, CASE WHEN "__icp_p0_o3" = 2 THEN $37 END, CASE WHEN "__icp_p0_o4" = 2 THEN $38 END, CASE WHEN "__icp_p0_o5" = 2 THEN $39 END, CASE WHEN "__icp_p0_o6" = 2 THEN $40 END, CASE WHEN "__icp_p0_o7" = 2 THEN $41 END, CASE WHEN "__icp_p0_o8" = 2 THEN $42 END, CASE WHEN "__icp_p0_o0" = 2 THEN $43 END, CASE WHEN "__icp_p0_o1" = 2 THEN $44 END) END AS "__icp_p0_reasons"
  FROM __icp_a
)
SELECT "id", "name", "domain", "website", "industry", "employees", "size_range", "revenue", "country", "country_code", "region", "city", "founded_year", "funding_stage", "funding_total", "last_funding_date", "business_model", "tech", "description", "linkedin_url", "ownership", "annual_growth_pct", "open_jobs", "hiring_sales", "uses_sso", "web_visits_monthly", "g2_reviews", "parent_company", "naics_code", "created_at",
  CASE WHEN "__icp_p0_tenths" IS NULL THEN NULL ELSE CAST(CAST("__icp_p0_tenths" AS double precision) / 10 AS numeric(4,1)) END AS "icp_score",
  CASE WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(750 AS BIGINT) THEN $45 WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(500 AS BIGINT) THEN $46 WHEN "__icp_p0_state" = 'scored' THEN $47 END AS "icp_tier",
  "__icp_p0_state" AS "icp_state",
  NULLIF("__icp_p0_reasons", '') AS "icp_reasons",
  $48 AS "icp_profile",
  $49 AS "icp_profile_version",
  $50 AS "icp_profile_hash"
FROM __icp_s;
-- parameters: [20,"government administration","non-profit organizations","software development","technology, information and internet","it services and it consulting",50,1000,"north america","europe","(^|[;,|])[ \\t\\n\\r\\f\\v]*(salesforce|hubspot)[ \\t\\n\\r\\f\\v]*($|[;,|])","series a","series b","series c",2011,2026,"agency","consultancy","consulting","At least 20 employees (required, not met)","Government or non-profit (excluded)","Software or internet (+25)","50–1,000 employees (+20)","North America or Europe (+15)","Uses a CRM we integrate with (+15)","Raised Series A to C (+10)","Agency or consultancy (-10)","Founded in the last 15 years (+5)","Software or internet (not met)","50–1,000 employees (not met)","North America or Europe (not met)","Uses a CRM we integrate with (not met)","Raised Series A to C (not met)","Founded in the last 15 years (not met)","Agency or consultancy (not met)","Software or internet (unknown)","50–1,000 employees (unknown)","North America or Europe (unknown)","Uses a CRM we integrate with (unknown)","Raised Series A to C (unknown)","Founded in the last 15 years (unknown)","Agency or consultancy (unknown)","At least 20 employees (required, unknown)","Government or non-profit (exclude, unknown)","A","B","C","B2B SaaS mid-market","1.0.0","30594c0d66fe"]
