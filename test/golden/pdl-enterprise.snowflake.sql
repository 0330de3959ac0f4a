WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src.industry AS VARCHAR) IS NULL THEN NULL ELSE __icp_m0.icp_value END AS __icp_n0,
    CASE WHEN CAST(__icp_src.country AS VARCHAR) IS NULL THEN NULL ELSE __icp_m1.icp_value END AS __icp_n1
  FROM accounts AS __icp_src
  LEFT JOIN icp_normalised AS __icp_m0 ON __icp_m0.icp_fn = 'icp_norm_industry' AND __icp_m0.icp_raw = CAST(__icp_src.industry AS VARCHAR)
  LEFT JOIN icp_normalised AS __icp_m1 ON __icp_m1.icp_fn = 'icp_norm_country' AND __icp_m1.icp_raw = CAST(__icp_src.country AS VARCHAR)
)
, __icp_l AS (
  SELECT *,
    lower(__icp_n0) AS __icp_l0,
    lower(__icp_n1) AS __icp_l1,
    lower(CAST(locality AS VARCHAR)) AS __icp_l2,
    lower(CAST("size range" AS VARCHAR)) AS __icp_l3
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN __icp_l0 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l0, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l0, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l0, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l0, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l0) <= 7 AND __icp_l0 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l0 END END AS __icp_v0,
    CASE WHEN __icp_l1 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l1, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l1, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l1, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l1, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l1) <= 7 AND __icp_l1 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l1 END END AS __icp_v1,
    CASE WHEN REGEXP_INSTR(CAST("year founded" AS VARCHAR), '^[ \\t\\n\\r\\f\\x0B]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \\t\\n\\r\\f\\x0B]*$') > 0 THEN TRY_CAST(TRIM(CAST("year founded" AS VARCHAR), ' \t\n\r\u000c\u000b') AS DOUBLE) END AS __icp_v2,
    CASE WHEN __icp_l2 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l2, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l2, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l2, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l2, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l2) <= 7 AND __icp_l2 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l2 END END AS __icp_v3,
    CASE WHEN __icp_l3 IS NULL THEN NULL WHEN (REGEXP_INSTR(__icp_l3, '^[ \\t\\n\\r\\f\\x0B]|[ \\t\\n\\r\\f\\x0B]$') > 0) THEN CASE WHEN LENGTH(TRIM(__icp_l3, ' \t\n\r\u000c\u000b')) <= 7 AND TRIM(__icp_l3, ' \t\n\r\u000c\u000b') IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE TRIM(__icp_l3, ' \t\n\r\u000c\u000b') END ELSE CASE WHEN LENGTH(__icp_l3) <= 7 AND __icp_l3 IN ('', 'n/a', '-', '–', '—', 'null', '?', '#n/a', '#ref!', '#value!', '#div/0!', '#name?', '#null!', '#num!') THEN NULL ELSE __icp_l3 END END AS __icp_v4
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN __icp_v0 IS NOT NULL THEN (CASE WHEN __icp_v0 IN ('government administration', 'higher education', 'armed forces', 'primary and secondary education', 'education administration programs') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o0,
    CASE WHEN __icp_v0 IS NOT NULL THEN (CASE WHEN __icp_v0 IN ('software development', 'technology, information and internet', 'it services and it consulting', 'financial services', 'banking', 'insurance', 'computer and network security') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o1,
    CASE WHEN __icp_v1 IS NOT NULL THEN (CASE WHEN __icp_v1 IN ('us', 'ca', 'gb', 'de', 'fr', 'nl', 'ie', 'ch', 'se', 'dk', 'no', 'be') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o2,
    2 AS __icp_p0_o3,
    CASE WHEN (__icp_v2 IS NOT NULL AND (__icp_v2 NOT IN ('inf'::FLOAT, '-inf'::FLOAT))) THEN (CASE WHEN (__icp_v2 >= 1986 AND __icp_v2 <= 2026) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o4,
    CASE WHEN __icp_v3 IS NOT NULL THEN (CASE WHEN ((POSITION('san francisco' IN __icp_v3) > 0) OR (POSITION('new york' IN __icp_v3) > 0) OR (POSITION('london' IN __icp_v3) > 0) OR (POSITION('berlin' IN __icp_v3) > 0) OR (POSITION('amsterdam' IN __icp_v3) > 0) OR (POSITION('seattle' IN __icp_v3) > 0) OR (POSITION('boston' IN __icp_v3) > 0) OR (POSITION('toronto' IN __icp_v3) > 0)) THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o5,
    CASE WHEN __icp_v4 IS NOT NULL THEN (CASE WHEN __icp_v4 IN ('10001+') THEN 1 ELSE 0 END) ELSE 2 END AS __icp_p0_o6
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    (__icp_p0_o0 = 1) AS __icp_p0_dq,
    (CASE WHEN __icp_p0_o1 <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS __icp_p0_known,
    (CASE WHEN __icp_p0_o1 <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o2 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS __icp_p0_hi,
    (CASE WHEN __icp_p0_o6 <> 2 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS __icp_p0_lo,
    (CASE WHEN __icp_p0_o1 = 1 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o2 = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o3 = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o4 = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o5 = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN __icp_p0_o6 = 1 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS __icp_p0_raw
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN __icp_p0_dq THEN 'disqualified' WHEN (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(50000000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS __icp_p0_state,
    CASE WHEN __icp_p0_dq OR (__icp_p0_known = 0 OR __icp_p0_known * 10000 < CAST(50000000 AS BIGINT)) THEN NULL ELSE FLOOR((2000 * (__icp_p0_raw - __icp_p0_lo) + (__icp_p0_hi - __icp_p0_lo)) / (2 * (__icp_p0_hi - __icp_p0_lo))) END AS __icp_p0_tenths,
    CASE WHEN __icp_p0_dq THEN ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o0 = 1 THEN 'Public sector, education or military (excluded)' END), '; ') ELSE ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(CASE WHEN __icp_p0_o1 = 1 THEN 'Software, internet, IT or financial services (+30)' END, CASE WHEN __icp_p0_o2 = 1 THEN 'North America or Western Europe (+20)' END, CASE WHEN __icp_p0_o3 = 1 THEN '1,000–20,000 current employees (+20)' END, CASE WHEN __icp_p0_o4 = 1 THEN 'Founded in the last 40 years (+10)' END, CASE WHEN __icp_p0_o5 = 1 THEN 'Headquartered in a tech hub (+10)' END, CASE WHEN __icp_p0_o6 = 1 THEN 'Mega-corporation (10,001+) (-10)' END, CASE WHEN __icp_p0_o1 = 0 THEN 'Software, internet, IT or financial services (not met)' END, CASE WHEN __icp_p0_o2 = 0 THEN 'North America or Western Europe (not met)' END, CASE WHEN __icp_p0_o3 = 0 THEN '1,000–20,000 current employees (not met)' END, CASE WHEN __icp_p0_o4 = 0 THEN 'Founded in the last 40 years (not met)' END, CASE WHEN __icp_p0_o5 = 0 THEN 'Headquartered in a tech hub (not met)' END, CASE WHEN __icp_p0_o6 = 0 THEN 'Mega-corporation (10,001+) (not met)' END, CASE WHEN __icp_p0_o1 = 2 THEN 'Software, internet, IT or financial services (unknown)' END, CASE WHEN __icp_p0_o2 = 2 THEN 'North America or Western Europe (unknown)' END, CASE WHEN __icp_p0_o3 = 2 THEN '1,000–20,000 current employees (unknown)' END, CASE WHEN __icp_p0_o4 = 2 THEN 'Founded in the last 40 years (unknown)' END, CASE WHEN __icp_p0_o5 = 2 THEN 'Headquartered in a tech hub (unknown)' END, CASE WHEN __icp_p0_o6 = 2 THEN 'Mega-corporation (10,001+) (unknown)' END, CASE WHEN __icp_p0_o0 = 2 THEN 'Public sector, education or military (exclude, unknown)' END), '; ') END AS __icp_p0_reasons
  FROM __icp_a
)
SELECT name, domain, "year founded", industry, "size range", locality, country,
  CASE WHEN __icp_p0_tenths IS NULL THEN NULL ELSE CAST((__icp_p0_tenths) / 10 AS NUMBER(4,1)) END AS icp_score,
  CASE WHEN __icp_p0_state = 'scored' AND __icp_p0_tenths >= CAST(800 AS BIGINT) THEN 'A' WHEN __icp_p0_state = 'scored' AND __icp_p0_tenths >= CAST(600 AS BIGINT) THEN 'B' WHEN __icp_p0_state = 'scored' THEN 'C' END AS icp_tier,
  __icp_p0_state AS icp_state,
  NULLIF(__icp_p0_reasons, '') AS icp_reasons,
  'Enterprise tech and finance' AS icp_profile,
  '1.0.0' AS icp_profile_version,
  'e4a051496743' AS icp_profile_hash
FROM __icp_s;
