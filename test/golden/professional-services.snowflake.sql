WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src.employees AS VARCHAR) IS NULL THEN NULL WHEN (CASE WHEN REGEXP_INSTR(CAST(__icp_src.employees AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END) IS NOT NULL AND ((CASE WHEN REGEXP_INSTR(CAST(__icp_src.employees AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END) NOT IN ('inf'::FLOAT, '-inf'::FLOAT)) AND NOT (REGEXP_INSTR(TRIM(CAST(__icp_src.employees AS VARCHAR), ' \t\n\r\u000c\u000b'), '^[1-9][0-9]{0,2}([.][0-9]{3})+$') > 0) THEN CAST(__icp_src.employees AS VARCHAR) ELSE __icp_m0.icp_value END AS __icp_n0,
    CASE WHEN CAST(__icp_src.industry AS VARCHAR) IS NULL THEN NULL ELSE __icp_m1.icp_value END AS __icp_n1,
    CASE WHEN CAST(__icp_src.last_funding_date AS VARCHAR) IS NULL THEN NULL WHEN (CASE WHEN (REGEXP_INSTR(TRIM(CAST(__icp_src.last_funding_date AS VARCHAR), ' \t\n\r\u000c\u000b'), '^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])') > 0) THEN CASE WHEN (REGEXP_INSTR(substr(TRIM(CAST(__icp_src.last_funding_date AS VARCHAR), ' \t\n\r\u000c\u000b'), 1, 10), '^([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[048]|[2468][048]|[13579][26])00)-02-29)') > 0) THEN substr(substr(TRIM(CAST(__icp_src.last_funding_date AS VARCHAR), ' \t\n\r\u000c\u000b'), 1, 10), 1, 10) END END) IS NOT NULL THEN CAST(__icp_src.last_funding_date AS VARCHAR) ELSE __icp_m2.icp_value END AS __icp_n2
  FROM accounts AS __icp_src
  LEFT JOIN icp_normalised AS __icp_m0 ON __icp_m0.icp_fn = 'icp_norm_employees' AND __icp_m0.icp_raw = CAST(__icp_src.employees AS VARCHAR)
  LEFT JOIN icp_normalised AS __icp_m1 ON __icp_m1.icp_fn = 'icp_norm_industry' AND __icp_m1.icp_raw = CAST(__icp_src.industry AS VARCHAR)
  LEFT JOIN icp_normalised AS __icp_m2 ON __icp_m2.icp_fn = 'icp_norm_date_20261123' AND __icp_m2.icp_raw = CAST(__icp_src.last_funding_date AS VARCHAR)
)
, __icp_l AS (
  SELECT *,
    lower(CAST(ownership AS VARCHAR)) AS __icp_l0,
    lower(__icp_n1) AS __icp_l1,
    lower(CAST(tech AS VARCHAR)) AS __icp_l2,
    lower(CAST(description AS VARCHAR)) AS __icp_l3,
    lower(CAST(hiring_sales AS VARCHAR)) AS __icp_l4
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN __icp_l0 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l0, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l0, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l0, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l0, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l0) <= 7 AND __icp_l0 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l0 END END AS __icp_v0,
    CASE WHEN REGEXP_INSTR(__icp_n0, '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(__icp_n0, ' \t\n\r\u000c\u000b') AS DOUBLE) END AS __icp_v1,
    CASE WHEN __icp_l1 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l1, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l1, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l1, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l1, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l1) <= 7 AND __icp_l1 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l1 END END AS __icp_v2,
    CASE WHEN __icp_l2 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l2, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l2, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l2, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l2, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l2) <= 7 AND __icp_l2 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l2 END END AS __icp_v3,
    CASE WHEN __icp_l3 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l3, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l3, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l3, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l3, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l3) <= 7 AND __icp_l3 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l3 END END AS __icp_v4,
    CASE WHEN __icp_l4 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l4, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l4, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l4, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l4, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l4) <= 7 AND __icp_l4 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l4 END END AS __icp_v5,
    CASE WHEN REGEXP_INSTR(CAST(open_jobs AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST(open_jobs AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END AS __icp_v6,
    CASE WHEN (REGEXP_INSTR(TRIM(__icp_n2, ' \t\n\r\u000c\u000b'), '^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])') > 0) THEN CASE WHEN (REGEXP_INSTR(substr(TRIM(__icp_n2, ' \t\n\r\u000c\u000b'), 1, 10), '^([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[048]|[2468][048]|[13579][26])00)-02-29)') > 0) THEN substr(substr(TRIM(__icp_n2, ' \t\n\r\u000c\u000b'), 1, 10), 1, 10) END END AS __icp_v7
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN __icp_v0 IS NOT NULL THEN (CASE WHEN __icp_v0 IN ('government', 'nonprofit') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o0,
    CASE WHEN (__icp_v1 IS NOT NULL AND (__icp_v1 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v1 >= 10) THEN 1 ELSE 0 END) ELSE 0 END AS __icp_p0_o1,
    CASE WHEN __icp_v2 IS NOT NULL THEN (CASE WHEN __icp_v2 IN ('business consulting and services', 'accounting', 'law practice', 'staffing and recruiting', 'advertising services') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o2,
    CASE WHEN (__icp_v1 IS NOT NULL AND (__icp_v1 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v1 >= 50 AND __icp_v1 <= 500) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o3,
    CASE WHEN (__icp_v3 IS NOT NULL AND (REGEXP_INSTR(__icp_v3, '[^;,| \\t\\n\\r\\f\\x0B]') > 0)) THEN (CASE WHEN (REGEXP_INSTR(__icp_v3, '(^|[;,|])[ \\t\\n\\r\\f\\x0B]*(kronos|quickbooks|sap|oracle)[ \\t\\n\\r\\f\\x0B]*($|[;,|])') > 0) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o4,
    CASE WHEN __icp_v4 IS NOT NULL THEN (CASE WHEN (REGEXP_INSTR(__icp_v4, '(consult|advis|services|agency)') > 0) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o5,
    CASE WHEN __icp_v5 IN ('true', 't', 'yes', 'y', '1', 'false', 'f', 'no', 'n', '0') THEN (CASE WHEN __icp_v5 IN ('true', 't', 'yes', 'y', '1') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o6,
    CASE WHEN (__icp_v6 IS NOT NULL AND (__icp_v6 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v6 >= 5) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o7,
    CASE WHEN (__icp_v3 IS NOT NULL AND (REGEXP_INSTR(__icp_v3, '[^;,| \\t\\n\\r\\f\\x0B]') > 0)) THEN (CASE WHEN (REGEXP_INSTR(__icp_v3, '(^|[;,|])[ \\t\\n\\r\\f\\x0B]*(netsuite|workday)[ \\t\\n\\r\\f\\x0B]*($|[;,|])') > 0) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o8,
    CASE WHEN __icp_v7 IS NOT NULL THEN (CASE WHEN (__icp_v7 BETWEEN '2025-05-23' AND '2026-11-23') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o9
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    (__icp_p0_o0 = 1 OR __icp_p0_o1 = 0) AS __icp_p0_dq,
    (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o8 <> 2 THEN CAST(1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o9 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS __icp_p0_known,
    (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o9 <> 2 THEN CAST(500 AS BIGINT) ELSE 0 END) AS __icp_p0_hi,
    (CASE WHEN __icp_p0_o8 <> 2 THEN CAST(-1500 AS BIGINT) ELSE 0 END) AS __icp_p0_lo,
    (CASE WHEN __icp_p0_o2 = 1 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o7 = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o8 = 1 THEN CAST(-1500 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o9 = 1 THEN CAST(500 AS BIGINT) ELSE 0 END) AS __icp_p0_raw
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN __icp_p0_dq THEN 'disqualified' WHEN (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(57500000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS __icp_p0_state,
    CASE WHEN __icp_p0_dq OR (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(57500000 AS BIGINT)) THEN NULL ELSE FLOOR((2000 * (__icp_p0_raw - __icp_p0_lo) + (__icp_p0_hi - __icp_p0_lo)) / (2 * (__icp_p0_hi - __icp_p0_lo))) END AS __icp_p0_tenths,
    CASE WHEN __icp_p0_dq THEN ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o0 = 1 THEN 'Not a government or non-profit body (excluded)' END, CASE WHEN __icp_p0_o1 = 0 THEN '10 or more employees (required, not met)' END), '; ') ELSE ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o2 = 1 THEN 'Consulting, accounting, legal or staffing (+30)' END, CASE WHEN __icp_p0_o3 = 1 THEN '50–500 employees (+20)' END, CASE WHEN __icp_p0_o4 = 1 THEN 'Runs a legacy time-tracking or finance system (+20)' END, CASE WHEN __icp_p0_o8 = 1 THEN 'Already on a modern PSA / ERP (-15)' END, CASE WHEN __icp_p0_o5 = 1 THEN 'Describes itself as a services firm (+10)' END, CASE WHEN __icp_p0_o6 = 1 THEN 'Hiring for sales (+10)' END, CASE WHEN __icp_p0_o7 = 1 THEN 'Five or more open roles (+5)' END, CASE WHEN __icp_p0_o9 = 1 THEN 'Raised money in the last 18 months (+5)' END, CASE WHEN __icp_p0_o2 = 0 THEN 'Consulting, accounting, legal or staffing (not met)' END, CASE WHEN __icp_p0_o3 = 0 THEN '50–500 employees (not met)' END, CASE WHEN __icp_p0_o4 = 0 THEN 'Runs a legacy time-tracking or finance system (not met)' END, CASE WHEN __icp_p0_o5 = 0 THEN 'Describes itself as a services firm (not met)' END, CASE WHEN __icp_p0_o6 = 0 THEN 'Hiring for sales (not met)' END, CASE WHEN __icp_p0_o7 = 0 THEN 'Five or more open roles (not met)' END, CASE WHEN __icp_p0_o8 = 0 THEN 'Already on a modern PSA / ERP (not met)' END, CASE WHEN __icp_p0_o9 = 0 THEN 'Raised money in the last 18 months (not met)' END, CASE WHEN __icp_p0_o2 = 2 THEN 'Consulting, accounting, legal or staffing (unknown)' END, CASE WHEN __icp_p0_o3 = 2 THEN '50–500 employees (unknown)' END, CASE WHEN __icp_p0_o4 = 2 THEN 'Runs a legacy time-tracking or finance system (unknown)' END, CASE WHEN __icp_p0_o5 = 2 THEN 'Describes itself as a services firm (unknown)' END, CASE WHEN __icp_p0_o6 = 2 THEN 'Hiring for sales (unknown)' END, CASE WHEN __icp_p0_o7 = 2 THEN 'Five or more open roles (unknown)' END, CASE WHEN __icp_p0_o8 = 2 THEN 'Already on a modern PSA / ERP (unknown)' END, CASE WHEN __icp_p0_o9 = 2 THEN 'Raised money in the last 18 months (unknown)' END, CASE WHEN __icp_p0_o0 = 2 THEN 'Not a government or non-profit body (exclude, unknown)' END, CASE WHEN __icp_p0_o1 = 2 THEN '10 or more employees (required, unknown)' END), '; ') END AS __icp_p0_reasons
  FROM __icp_a
)
, __icp_r AS (
  SELECT *,
    row_number() OVER (PARTITION BY __icp_p0_state ORDER BY __icp_p0_tenths DESC, row_number) AS __icp_p0_rank,
    count(*) OVER (PARTITION BY __icp_p0_state) AS __icp_p0_n
  FROM __icp_s
)
SELECT id, name, domain, website, industry, employees, size_range, revenue, country, country_code, region, city, founded_year, funding_stage, funding_total, last_funding_date, business_model, tech, description, linkedin_url, ownership, annual_growth_pct, open_jobs, hiring_sales, uses_sso, web_visits_monthly, g2_reviews, parent_company, naics_code, created_at,
  CASE WHEN __icp_p0_tenths IS NULL THEN NULL ELSE CAST((__icp_p0_tenths) / 10 AS NUMBER(4,1)) END AS icp_score,
  CASE WHEN __icp_p0_state = 'scored' AND __icp_p0_tenths >= CAST(500 AS BIGINT) AND __icp_p0_rank <= CAST(40 AS BIGINT) THEN 'AE' WHEN __icp_p0_state = 'scored' AND (__icp_p0_rank - 1) * 10000 < CAST(1000 AS BIGINT) * __icp_p0_n THEN 'SDR' WHEN __icp_p0_state = 'scored' THEN 'Later' END AS icp_tier,
  __icp_p0_state AS icp_state,
  NULLIF(__icp_p0_reasons, '') AS icp_reasons,
  'Professional services on legacy time tracking' AS icp_profile,
  '2.1.0' AS icp_profile_version,
  'd97c8ffa8824' AS icp_profile_hash
FROM __icp_r
ORDER BY row_number;
