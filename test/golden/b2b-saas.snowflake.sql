WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src.employees AS VARCHAR) IS NULL THEN NULL WHEN (CASE WHEN REGEXP_INSTR(CAST(__icp_src.employees AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END) IS NOT NULL AND ((CASE WHEN REGEXP_INSTR(CAST(__icp_src.employees AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END) NOT IN ('inf'::FLOAT, '-inf'::FLOAT)) AND NOT (REGEXP_INSTR(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b'), '^[1-9][0-9]{0,2}([.][0-9]{3})+$') > 0) THEN CAST(__icp_src.employees AS VARCHAR) ELSE __icp_m0.icp_value END AS __icp_n0,
    CASE WHEN CAST(__icp_src.industry AS VARCHAR) IS NULL THEN NULL ELSE __icp_m1.icp_value END AS __icp_n1
  FROM accounts AS __icp_src
  LEFT JOIN icp_normalised AS __icp_m0 ON __icp_m0.icp_fn = 'icp_norm_employees' AND __icp_m0.icp_raw = CAST(__icp_src.employees AS VARCHAR)
  LEFT JOIN icp_normalised AS __icp_m1 ON __icp_m1.icp_fn = 'icp_norm_industry' AND __icp_m1.icp_raw = CAST(__icp_src.industry AS VARCHAR)
)
, __icp_l AS (
  SELECT *,
    lower(__icp_n1) AS __icp_l0,
    lower(CAST(region AS VARCHAR)) AS __icp_l1,
    lower(CAST(tech AS VARCHAR)) AS __icp_l2,
    lower(CAST(funding_stage AS VARCHAR)) AS __icp_l3,
    lower(CAST(description AS VARCHAR)) AS __icp_l4
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN REGEXP_INSTR(__icp_n0, '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(__icp_n0, ' \t\n\r\u000c\u000b') AS DOUBLE) END AS __icp_v0,
    CASE WHEN __icp_l0 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l0, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l0, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l0, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l0, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l0) <= 7 AND __icp_l0 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l0 END END AS __icp_v1,
    CASE WHEN __icp_l1 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l1, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l1, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l1, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l1, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l1) <= 7 AND __icp_l1 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l1 END END AS __icp_v2,
    CASE WHEN __icp_l2 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l2, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l2, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l2, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l2, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l2) <= 7 AND __icp_l2 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l2 END END AS __icp_v3,
    CASE WHEN __icp_l3 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l3, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l3, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l3, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l3, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l3) <= 7 AND __icp_l3 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l3 END END AS __icp_v4,
    CASE WHEN REGEXP_INSTR(CAST(founded_year AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(founded_year AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END AS __icp_v5,
    CASE WHEN __icp_l4 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l4, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l4, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l4, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l4, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l4) <= 7 AND __icp_l4 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l4 END END AS __icp_v6
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN (__icp_v0 IS NOT NULL AND (__icp_v0 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v0 >= 20) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o0,
    CASE WHEN __icp_v1 IS NOT NULL THEN (CASE WHEN __icp_v1 IN ('government administration', 'non-profit organizations') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o1,
    CASE WHEN __icp_v1 IS NOT NULL THEN (CASE WHEN __icp_v1 IN ('software development', 'technology, information and internet', 'it services and it consulting') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o2,
    CASE WHEN (__icp_v0 IS NOT NULL AND (__icp_v0 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v0 >= 50 AND __icp_v0 <= 1000) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o3,
    CASE WHEN __icp_v2 IS NOT NULL THEN (CASE WHEN __icp_v2 IN ('north america', 'europe') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o4,
    CASE WHEN (__icp_v3 IS NOT NULL AND (REGEXP_INSTR(__icp_v3, '[^;,| \\t\\n\\r\\f\\x0B]') > 0)) THEN (CASE WHEN (REGEXP_INSTR(__icp_v3, '(^|[;,|])[ \\t\\n\\r\\f\\x0B]*(salesforce|hubspot)[ \\t\\n\\r\\f\\x0B]*($|[;,|])') > 0) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o5,
    CASE WHEN __icp_v4 IS NOT NULL THEN (CASE WHEN __icp_v4 IN ('series a', 'series b', 'series c') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o6,
    CASE WHEN (__icp_v5 IS NOT NULL AND (__icp_v5 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v5 >= 2011 AND __icp_v5 <= 2026) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o7,
    CASE WHEN __icp_v6 IS NOT NULL THEN (CASE WHEN ((POSITION('agency' IN __icp_v6) > 0) OR (POSITION('consultancy' IN __icp_v6) > 0) OR (POSITION('consulting' IN __icp_v6) > 0)) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o8
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    (__icp_p0_o0 = 0 OR __icp_p0_o1 = 1) AS __icp_p0_dq,
    (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o8 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS __icp_p0_known,
    (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS __icp_p0_hi,
    (CASE WHEN __icp_p0_o8 <> 2 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS __icp_p0_lo,
    (CASE WHEN __icp_p0_o2 = 1 THEN CAST(2500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 = 1 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 = 1 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o8 = 1 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS __icp_p0_raw
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN __icp_p0_dq THEN 'disqualified' WHEN (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(60000000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS __icp_p0_state,
    CASE WHEN __icp_p0_dq OR (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(60000000 AS BIGINT)) THEN NULL ELSE FLOOR((2000 * (__icp_p0_raw - __icp_p0_lo) + (__icp_p0_hi - __icp_p0_lo)) / (2 * (__icp_p0_hi - __icp_p0_lo))) END AS __icp_p0_tenths,
    CASE WHEN __icp_p0_dq THEN ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o0 = 0 THEN 'At least 20 employees (required, not met)' END, CASE WHEN __icp_p0_o1 = 1 THEN 'Government or non-profit (excluded)' END), '; ') ELSE ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o2 = 1 THEN 'Software or internet (+25)' END, CASE WHEN __icp_p0_o3 = 1 THEN '50–1,000 employees (+20)' END, CASE WHEN __icp_p0_o4 = 1 THEN 'North America or Europe (+15)' END, CASE WHEN __icp_p0_o5 = 1 THEN 'Uses a CRM we integrate with (+15)' END, CASE WHEN __icp_p0_o6 = 1 THEN 'Raised Series A to C (+10)' END, CASE WHEN __icp_p0_o8 = 1 THEN 'Agency or consultancy (-10)' END, CASE WHEN __icp_p0_o7 = 1 THEN 'Founded in the last 15 years (+5)' END, CASE WHEN __icp_p0_o2 = 0 THEN 'Software or internet (not met)' END, CASE WHEN __icp_p0_o3 = 0 THEN '50–1,000 employees (not met)' END, CASE WHEN __icp_p0_o4 = 0 THEN 'North America or Europe (not met)' END, CASE WHEN __icp_p0_o5 = 0 THEN 'Uses a CRM we integrate with (not met)' END, CASE WHEN __icp_p0_o6 = 0 THEN 'Raised Series A to C (not met)' END, CASE WHEN __icp_p0_o7 = 0 THEN 'Founded in the last 15 years (not met)' END, CASE WHEN __icp_p0_o8 = 0 THEN 'Agency or consultancy (not met)' END, CASE WHEN __icp_p0_o2 = 2 THEN 'Software or internet (unknown)' END, CASE WHEN __icp_p0_o3 = 2 THEN '50–1,000 employees (unknown)' END, CASE WHEN __icp_p0_o4 = 2 THEN 'North America or Europe (unknown)' END, CASE WHEN __icp_p0_o5 = 2 THEN 'Uses a CRM we integrate with (unknown)' END, CASE WHEN __icp_p0_o6 = 2 THEN 'Raised Series A to C (unknown)' END, CASE WHEN __icp_p0_o7 = 2 THEN 'Founded in the last 15 years (unknown)' END, CASE WHEN __icp_p0_o8 = 2 THEN 'Agency or consultancy (unknown)' END, CASE WHEN __icp_p0_o0 = 2 THEN 'At least 20 employees (required, unknown)' END, CASE WHEN __icp_p0_o1 = 2 THEN 'Government or non-profit (exclude, unknown)' END), '; ') END AS __icp_p0_reasons
  FROM __icp_a
)
SELECT id, name, domain, website, industry, employees, size_range, revenue, country, country_code, region, city, founded_year, funding_stage, funding_total, last_funding_date, business_model, tech, description, linkedin_url, ownership, annual_growth_pct, open_jobs, hiring_sales, uses_sso, web_visits_monthly, g2_reviews, parent_company, naics_code, created_at,
  CASE WHEN __icp_p0_tenths IS NULL THEN NULL ELSE CAST((__icp_p0_tenths) / 10 AS NUMBER(4,1)) END AS icp_score,
  CASE WHEN __icp_p0_state = 'scored' AND __icp_p0_tenths >= CAST(750 AS BIGINT) THEN 'A' WHEN __icp_p0_state = 'scored' AND __icp_p0_tenths >= CAST(500 AS BIGINT) THEN 'B' WHEN __icp_p0_state = 'scored' THEN 'C' END AS icp_tier,
  __icp_p0_state AS icp_state,
  NULLIF(__icp_p0_reasons, '') AS icp_reasons,
  'B2B SaaS mid-market' AS icp_profile,
  '1.0.0' AS icp_profile_version,
  '30594c0d66fe' AS icp_profile_hash
FROM __icp_s;
