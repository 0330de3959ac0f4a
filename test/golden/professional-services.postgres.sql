WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src."employees" AS text) IS NULL THEN NULL WHEN (CASE WHEN (CAST(__icp_src."employees" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."employees" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) IS NOT NULL AND ((CASE WHEN (CAST(__icp_src."employees" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."employees" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) NOT IN ('Infinity'::float8, '-Infinity'::float8)) THEN CAST(__icp_src."employees" AS text) ELSE __icp_m0."icp_value" END AS "__icp_n0",
    CASE WHEN CAST(__icp_src."industry" AS text) IS NULL THEN NULL ELSE __icp_m1."icp_value" END AS "__icp_n1",
    CASE WHEN CAST(__icp_src."last_funding_date" AS text) IS NULL THEN NULL WHEN (CASE WHEN (trim(CAST(__icp_src."last_funding_date" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])') THEN CAST(substr(trim(CAST(__icp_src."last_funding_date" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)), 1, 10) AS date) END) IS NOT NULL THEN CAST(__icp_src."last_funding_date" AS text) ELSE __icp_m2."icp_value" END AS "__icp_n2"
  FROM "accounts" AS __icp_src
  LEFT JOIN "icp_normalised" AS __icp_m0 ON __icp_m0."icp_fn" = 'icp_norm_employees' AND __icp_m0."icp_raw" = CAST(__icp_src."employees" AS text)
  LEFT JOIN "icp_normalised" AS __icp_m1 ON __icp_m1."icp_fn" = 'icp_norm_industry' AND __icp_m1."icp_raw" = CAST(__icp_src."industry" AS text)
  LEFT JOIN "icp_normalised" AS __icp_m2 ON __icp_m2."icp_fn" = 'icp_norm_date_20261123' AND __icp_m2."icp_raw" = CAST(__icp_src."last_funding_date" AS text)
)
, __icp_l AS (
  SELECT *,
    lower(CAST("ownership" AS text)) AS "__icp_l0",
    lower("__icp_n1") AS "__icp_l1",
    lower(CAST("tech" AS text)) AS "__icp_l2",
    lower(CAST("description" AS text)) AS "__icp_l3",
    lower(CAST("hiring_sales" AS text)) AS "__icp_l4"
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN "__icp_l0" IS NULL THEN NULL WHEN ("__icp_l0" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l0") <= 4 AND "__icp_l0" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l0" END END AS "__icp_v0",
    CASE WHEN ("__icp_n0" ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim("__icp_n0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v1",
    CASE WHEN "__icp_l1" IS NULL THEN NULL WHEN ("__icp_l1" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l1") <= 4 AND "__icp_l1" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l1" END END AS "__icp_v2",
    CASE WHEN "__icp_l2" IS NULL THEN NULL WHEN ("__icp_l2" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l2") <= 4 AND "__icp_l2" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l2" END END AS "__icp_v3",
    CASE WHEN "__icp_l3" IS NULL THEN NULL WHEN ("__icp_l3" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l3") <= 4 AND "__icp_l3" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l3" END END AS "__icp_v4",
    CASE WHEN "__icp_l4" IS NULL THEN NULL WHEN ("__icp_l4" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l4", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l4") <= 4 AND "__icp_l4" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l4" END END AS "__icp_v5",
    CASE WHEN (CAST("open_jobs" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST("open_jobs" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v6",
    CASE WHEN (trim("__icp_n2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])') THEN CAST(substr(trim("__icp_n2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)), 1, 10) AS date) END AS "__icp_v7"
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN "__icp_v0" IS NOT NULL THEN (CASE WHEN "__icp_v0" IN ($1, $2) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o0",
    CASE WHEN ("__icp_v1" IS NOT NULL AND ("__icp_v1" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v1" >= CAST($3 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 0 END AS "__icp_p0_o1",
    CASE WHEN "__icp_v2" IS NOT NULL THEN (CASE WHEN "__icp_v2" IN ($4, $5, $6, $7, $8) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o2",
    CASE WHEN ("__icp_v1" IS NOT NULL AND ("__icp_v1" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v1" >= CAST($9 AS DOUBLE PRECISION) AND "__icp_v1" <= CAST($10 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o3",
    CASE WHEN ("__icp_v3" IS NOT NULL AND ("__icp_v3" ~ '[^;,| \t\n\r\f\v]')) THEN (CASE WHEN ("__icp_v3" ~ $11) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o4",
    CASE WHEN "__icp_v4" IS NOT NULL THEN (CASE WHEN (CAST("description" AS text) ~* $12) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o5",
    CASE WHEN "__icp_v5" IN ('true', 't', 'yes', 'y', '1', 'false', 'f', 'no', 'n', '0') THEN (CASE WHEN "__icp_v5" IN ('true', 't', 'yes', 'y', '1') THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o6",
    CASE WHEN ("__icp_v6" IS NOT NULL AND ("__icp_v6" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v6" >= CAST($13 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o7",
    CASE WHEN ("__icp_v3" IS NOT NULL AND ("__icp_v3" ~ '[^;,| \t\n\r\f\v]')) THEN (CASE WHEN ("__icp_v3" ~ $14) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o8",
    CASE WHEN "__icp_v7" IS NOT NULL THEN (CASE WHEN ("__icp_v7" BETWEEN CAST($15 AS date) AND CAST($16 AS date)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o9"
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    ("__icp_p0_o0" = 1 OR "__icp_p0_o1" = 0) AS "__icp_p0_dq",
    (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o8" <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o9" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS "__icp_p0_known",
    (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o9" <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS "__icp_p0_hi",
    (CASE WHEN "__icp_p0_o8" <> 2 THEN CAST(-1500 AS BIGINT) ELSE 0 END) AS "__icp_p0_lo",
    (CASE WHEN "__icp_p0_o2" = 1 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o7" = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o8" = 1 THEN CAST(-1500 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o9" = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) AS "__icp_p0_raw"
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN "__icp_p0_dq" THEN 'disqualified' WHEN ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(57500000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS "__icp_p0_state",
    CASE WHEN "__icp_p0_dq" OR ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(57500000 AS BIGINT)) THEN NULL ELSE ((2000 * ("__icp_p0_raw" - "__icp_p0_lo") + ("__icp_p0_hi" - "__icp_p0_lo")) / (2 * ("__icp_p0_hi" - "__icp_p0_lo"))) END AS "__icp_p0_tenths",
    CASE WHEN "__icp_p0_dq" THEN concat_ws('; ', CASE WHEN "__icp_p0_o0" = 1 THEN $17 END, CASE WHEN "__icp_p0_o1" = 0 THEN $18 END) ELSE concat_ws('; ', CASE WHEN "__icp_p0_o2" = 1 THEN $19 END, CASE WHEN "__icp_p0_o3" = 1 THEN $20 END, CASE WHEN "__icp_p0_o4" = 1 THEN $21 END, CASE WHEN "__icp_p0_o8" = 1 THEN $22 END, CASE WHEN "__icp_p0_o5" = 1 THEN $23 END, CASE WHEN "__icp_p0_o6" = 1 THEN $24 END, CASE WHEN "__icp_p0_o7" = 1 THEN $25 END, CASE WHEN "__icp_p0_o9" = 1 THEN $26 END, CASE WHEN "__icp_p0_o2" = 0 THEN $27 END, CASE WHEN "__icp_p0_o3" = 0 THEN $28 END, CASE WHEN "__icp_p0_o4" = 0 THEN $29 END, CASE WHEN "__icp_p0_o5" = 0 THEN $30 END, CASE WHEN "__icp_p0_o6" = 0 THEN $31 END, CASE WHEN "__icp_p0_o7" = 0 THEN $32 END, CASE WHEN "__icp_p0_o8" = 0 THEN $33 END, CASE WHEN "__icp_p0_o9" = 0 THEN $34 END, CASE WHEN "__icp_p0_o2" = 2 THEN $35 END, CASE WHEN "__icp_p0_o3" = 2 THEN $36 END, CASE WHEN "__icp_p0_o4" = 2 THEN $37 END, CASE WHEN "__icp_p0_o5" = 2 THEN $38 END, CASE WHEN "__icp_p0_o6" = 2 THEN $39 END, CASE WHEN "__icp_p0_o7" = 2 THEN $40 END, CASE WHEN "__icp_p0_o8" = 2 THEN $41 END, CASE WHEN "__icp_p0_o9" = 2 THEN $42 END, CASE WHEN "__icp_p0_o0" = 2 THEN $43 END, CASE WHEN "__icp_p0_o1" = 2 THEN $44 END) END AS "__icp_p0_reasons"
  FROM __icp_a
)
, __icp_r AS (
  SELECT *,
    row_number() OVER (PARTITION BY "__icp_p0_state" ORDER BY "__icp_p0_tenths" DESC, "row_number") AS "__icp_p0_rank",
    count(*) OVER (PARTITION BY "__icp_p0_state") AS "__icp_p0_n"
  FROM __icp_s
)
SELECT "id", "name", "domain", "website", "industry", "employees", "size_range", "revenue", "country", "country_code", "region", "city", "founded_year", "funding_stage", "funding_total", "last_funding_date", "business_model", "tech", "description", "linkedin_url", "ownership", "annual_growth_pct", "open_jobs", "hiring_sales", "uses_sso", "web_visits_monthly", "g2_reviews", "parent_company", "naics_code", "created_at",
  CASE WHEN "__icp_p0_tenths" IS NULL THEN NULL ELSE CAST(CAST("__icp_p0_tenths" AS double precision) / 10 AS numeric(4,1)) END AS "icp_score",
  CASE WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(500 AS BIGINT) AND "__icp_p0_rank" <= CAST(40 AS BIGINT) THEN $45 WHEN "__icp_p0_state" = 'scored' AND ("__icp_p0_rank" - 1) * 10000 < CAST(1000 AS BIGINT) * "__icp_p0_n" THEN $46 WHEN "__icp_p0_state" = 'scored' THEN $47 END AS "icp_tier",
  "__icp_p0_state" AS "icp_state",
  NULLIF("__icp_p0_reasons", '') AS "icp_reasons",
  $48 AS "icp_profile",
  $49 AS "icp_profile_version",
  $50 AS "icp_profile_hash"
FROM __icp_r
ORDER BY "row_number";
-- parameters: ["government","nonprofit",10,"business consulting and services","accounting","law practice","staffing and recruiting","advertising services",50,500,"(^|[;,|])[ \\t\\n\\r\\f\\v]*(kronos|quickbooks|sap|oracle)[ \\t\\n\\r\\f\\v]*($|[;,|])","(consult|advis|services|agency)",5,"(^|[;,|])[ \\t\\n\\r\\f\\v]*(netsuite|workday)[ \\t\\n\\r\\f\\v]*($|[;,|])","2025-05-23","2026-11-23","Not a government or non-profit body (excluded)","10 or more employees (required, not met)","Consulting, accounting, legal or staffing (+30)","50–500 employees (+20)","Runs a legacy time-tracking or finance system (+20)","Already on a modern PSA / ERP (-15)","Describes itself as a services firm (+10)","Hiring for sales (+10)","Five or more open roles (+5)","Raised money in the last 18 months (+5)","Consulting, accounting, legal or staffing (not met)","50–500 employees (not met)","Runs a legacy time-tracking or finance system (not met)","Describes itself as a services firm (not met)","Hiring for sales (not met)","Five or more open roles (not met)","Already on a modern PSA / ERP (not met)","Raised money in the last 18 months (not met)","Consulting, accounting, legal or staffing (unknown)","50–500 employees (unknown)","Runs a legacy time-tracking or finance system (unknown)","Describes itself as a services firm (unknown)","Hiring for sales (unknown)","Five or more open roles (unknown)","Already on a modern PSA / ERP (unknown)","Raised money in the last 18 months (unknown)","Not a government or non-profit body (exclude, unknown)","10 or more employees (required, unknown)","AE","SDR","Later","Professional services on legacy time tracking","2.1.0","d97c8ffa8824"]
