WITH __icp_n AS (
  SELECT *,
    CASE WHEN "industry" IS NULL THEN NULL ELSE coalesce(icp_dict_industry("industry"), icp_norm_industry("industry")) END AS "__icp_n0",
    CASE WHEN "country" IS NULL THEN NULL ELSE coalesce(icp_dict_country("country"), icp_norm_country("country")) END AS "__icp_n1",
    CASE WHEN "current employee estimate" IS NULL THEN NULL WHEN (CASE WHEN contains("current employee estimate", '_') OR contains("current employee estimate", '+-') THEN NULL ELSE TRY_CAST("current employee estimate" AS DOUBLE) END) IS NOT NULL AND isfinite((CASE WHEN contains("current employee estimate", '_') OR contains("current employee estimate", '+-') THEN NULL ELSE TRY_CAST("current employee estimate" AS DOUBLE) END)) THEN "current employee estimate" ELSE icp_norm_employees("current employee estimate") END AS "__icp_n2"
  FROM "accounts"
)
, __icp_l AS (
  SELECT *,
    lower("__icp_n0") AS "__icp_l0",
    lower("__icp_n1") AS "__icp_l1",
    lower("locality") AS "__icp_l2",
    lower("size range") AS "__icp_l3"
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN "__icp_l0" IS NULL THEN NULL WHEN ("__icp_l0" < '!' OR suffix("__icp_l0", chr(32)) OR suffix("__icp_l0", chr(9)) OR suffix("__icp_l0", chr(10)) OR suffix("__icp_l0", chr(13)) OR suffix("__icp_l0", chr(12)) OR suffix("__icp_l0", chr(11))) THEN CASE WHEN strlen(trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND (trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '' OR trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'n/a' OR trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '-' OR trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'null' OR trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '?') THEN NULL ELSE trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN strlen("__icp_l0") <= 4 AND ("__icp_l0" = '' OR "__icp_l0" = 'n/a' OR "__icp_l0" = '-' OR "__icp_l0" = 'null' OR "__icp_l0" = '?') THEN NULL ELSE "__icp_l0" END END AS "__icp_v0",
    CASE WHEN "__icp_l1" IS NULL THEN NULL WHEN ("__icp_l1" < '!' OR suffix("__icp_l1", chr(32)) OR suffix("__icp_l1", chr(9)) OR suffix("__icp_l1", chr(10)) OR suffix("__icp_l1", chr(13)) OR suffix("__icp_l1", chr(12)) OR suffix("__icp_l1", chr(11))) THEN CASE WHEN strlen(trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND (trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '' OR trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'n/a' OR trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '-' OR trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'null' OR trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '?') THEN NULL ELSE trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN strlen("__icp_l1") <= 4 AND ("__icp_l1" = '' OR "__icp_l1" = 'n/a' OR "__icp_l1" = '-' OR "__icp_l1" = 'null' OR "__icp_l1" = '?') THEN NULL ELSE "__icp_l1" END END AS "__icp_v1",
    CASE WHEN contains("__icp_n2", '_') OR contains("__icp_n2", '+-') THEN NULL ELSE TRY_CAST("__icp_n2" AS DOUBLE) END AS "__icp_v2",
    CASE WHEN contains("year founded", '_') OR contains("year founded", '+-') THEN NULL ELSE TRY_CAST("year founded" AS DOUBLE) END AS "__icp_v3",
    CASE WHEN "__icp_l2" IS NULL THEN NULL WHEN ("__icp_l2" < '!' OR suffix("__icp_l2", chr(32)) OR suffix("__icp_l2", chr(9)) OR suffix("__icp_l2", chr(10)) OR suffix("__icp_l2", chr(13)) OR suffix("__icp_l2", chr(12)) OR suffix("__icp_l2", chr(11))) THEN CASE WHEN strlen(trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND (trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '' OR trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'n/a' OR trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '-' OR trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'null' OR trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '?') THEN NULL ELSE trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN strlen("__icp_l2") <= 4 AND ("__icp_l2" = '' OR "__icp_l2" = 'n/a' OR "__icp_l2" = '-' OR "__icp_l2" = 'null' OR "__icp_l2" = '?') THEN NULL ELSE "__icp_l2" END END AS "__icp_v4",
    CASE WHEN "__icp_l3" IS NULL THEN NULL WHEN ("__icp_l3" < '!' OR suffix("__icp_l3", chr(32)) OR suffix("__icp_l3", chr(9)) OR suffix("__icp_l3", chr(10)) OR suffix("__icp_l3", chr(13)) OR suffix("__icp_l3", chr(12)) OR suffix("__icp_l3", chr(11))) THEN CASE WHEN strlen(trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND (trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '' OR trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'n/a' OR trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '-' OR trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = 'null' OR trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) = '?') THEN NULL ELSE trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN strlen("__icp_l3") <= 4 AND ("__icp_l3" = '' OR "__icp_l3" = 'n/a' OR "__icp_l3" = '-' OR "__icp_l3" = 'null' OR "__icp_l3" = '?') THEN NULL ELSE "__icp_l3" END END AS "__icp_v5"
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN "__icp_v0" IS NOT NULL THEN (CASE WHEN ("__icp_v0" = 'government administration' OR "__icp_v0" = 'higher education' OR "__icp_v0" = 'armed forces' OR "__icp_v0" = 'primary and secondary education' OR "__icp_v0" = 'education administration programs') THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o0",
    CASE WHEN "__icp_v0" IS NOT NULL THEN (CASE WHEN ("__icp_v0" = 'software development' OR "__icp_v0" = 'technology, information and internet' OR "__icp_v0" = 'it services and it consulting' OR "__icp_v0" = 'financial services' OR "__icp_v0" = 'banking' OR "__icp_v0" = 'insurance' OR "__icp_v0" = 'computer and network security') THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o1",
    CASE WHEN "__icp_v1" IS NOT NULL THEN (CASE WHEN list_contains(['us', 'ca', 'gb', 'de', 'fr', 'nl', 'ie', 'ch', 'se', 'dk', 'no', 'be'], "__icp_v1") THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o2",
    CASE WHEN ("__icp_v2" IS NOT NULL AND isfinite("__icp_v2")) THEN (CASE WHEN ("__icp_v2" >= 1000 AND "__icp_v2" <= 20000) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o3",
    CASE WHEN ("__icp_v3" IS NOT NULL AND isfinite("__icp_v3")) THEN (CASE WHEN ("__icp_v3" >= 1986 AND "__icp_v3" <= 2026) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o4",
    CASE WHEN "__icp_v4" IS NOT NULL THEN (CASE WHEN (contains("__icp_v4", 'san francisco') OR contains("__icp_v4", 'new york') OR contains("__icp_v4", 'london') OR contains("__icp_v4", 'berlin') OR contains("__icp_v4", 'amsterdam') OR contains("__icp_v4", 'seattle') OR contains("__icp_v4", 'boston') OR contains("__icp_v4", 'toronto')) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o5",
    CASE WHEN "__icp_v5" IS NOT NULL THEN (CASE WHEN ("__icp_v5" = '10001+') THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o6"
  FROM __icp_v
)
, __icp_a AS (
  SELECT *,
    ("__icp_p0_o0" = 1) AS "__icp_p0_dq",
    (CASE WHEN "__icp_p0_o1" <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_known",
    (CASE WHEN "__icp_p0_o1" <> 2 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o2" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" <> 2 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" <> 2 THEN CAST(1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_hi",
    (CASE WHEN "__icp_p0_o6" <> 2 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_lo",
    (CASE WHEN "__icp_p0_o1" = 1 THEN CAST(3000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o2" = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o3" = 1 THEN CAST(2000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o4" = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o5" = 1 THEN CAST(1000 AS BIGINT) ELSE 0 END) + (CASE WHEN "__icp_p0_o6" = 1 THEN CAST(-1000 AS BIGINT) ELSE 0 END) AS "__icp_p0_raw"
  FROM __icp_o
)
, __icp_s AS (
  SELECT *,
    CASE WHEN "__icp_p0_dq" THEN 'disqualified' WHEN ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(50000000 AS BIGINT)) THEN 'insufficient_data' ELSE 'scored' END AS "__icp_p0_state",
    CASE WHEN "__icp_p0_dq" OR ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(50000000 AS BIGINT)) THEN NULL ELSE ((2000 * ("__icp_p0_raw" - "__icp_p0_lo") + ("__icp_p0_hi" - "__icp_p0_lo")) // (2 * ("__icp_p0_hi" - "__icp_p0_lo"))) END AS "__icp_p0_tenths",
    CASE WHEN "__icp_p0_dq" THEN concat_ws('; ', CASE WHEN "__icp_p0_o0" = 1 THEN 'Public sector, education or military (excluded)' END) ELSE concat_ws('; ', CASE WHEN "__icp_p0_o1" = 1 THEN 'Software, internet, IT or financial services (+30)' END, CASE WHEN "__icp_p0_o2" = 1 THEN 'North America or Western Europe (+20)' END, CASE WHEN "__icp_p0_o3" = 1 THEN '1,000–20,000 current employees (+20)' END, CASE WHEN "__icp_p0_o4" = 1 THEN 'Founded in the last 40 years (+10)' END, CASE WHEN "__icp_p0_o5" = 1 THEN 'Headquartered in a tech hub (+10)' END, CASE WHEN "__icp_p0_o6" = 1 THEN 'Mega-corporation (10,001+) (-10)' END, CASE WHEN "__icp_p0_o1" = 0 THEN 'Software, internet, IT or financial services (not met)' END, CASE WHEN "__icp_p0_o2" = 0 THEN 'North America or Western Europe (not met)' END, CASE WHEN "__icp_p0_o3" = 0 THEN '1,000–20,000 current employees (not met)' END, CASE WHEN "__icp_p0_o4" = 0 THEN 'Founded in the last 40 years (not met)' END, CASE WHEN "__icp_p0_o5" = 0 THEN 'Headquartered in a tech hub (not met)' END, CASE WHEN "__icp_p0_o6" = 0 THEN 'Mega-corporation (10,001+) (not met)' END, CASE WHEN "__icp_p0_o1" = 2 THEN 'Software, internet, IT or financial services (unknown)' END, CASE WHEN "__icp_p0_o2" = 2 THEN 'North America or Western Europe (unknown)' END, CASE WHEN "__icp_p0_o3" = 2 THEN '1,000–20,000 current employees (unknown)' END, CASE WHEN "__icp_p0_o4" = 2 THEN 'Founded in the last 40 years (unknown)' END, CASE WHEN "__icp_p0_o5" = 2 THEN 'Headquartered in a tech hub (unknown)' END, CASE WHEN "__icp_p0_o6" = 2 THEN 'Mega-corporation (10,001+) (unknown)' END, CASE WHEN "__icp_p0_o0" = 2 THEN 'Public sector, education or military (exclude, unknown)' END) END AS "__icp_p0_reasons"
  FROM __icp_a
)
SELECT "", "name", "domain", "year founded", "industry", "size range", "locality", "country", "linkedin url", "current employee estimate", "total employee estimate",
  CASE WHEN "__icp_p0_tenths" IS NULL THEN NULL ELSE CAST(CAST("__icp_p0_tenths" AS DOUBLE) / 10 AS DECIMAL(4,1)) END AS "icp_score",
  CASE WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(800 AS BIGINT) THEN 'A' WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(600 AS BIGINT) THEN 'B' WHEN "__icp_p0_state" = 'scored' THEN 'C' END AS "icp_tier",
  "__icp_p0_state" AS "icp_state",
  NULLIF("__icp_p0_reasons", '') AS "icp_reasons",
  'Enterprise tech and finance' AS "icp_profile",
  '1.0.0' AS "icp_profile_version",
  'e4a051496743' AS "icp_profile_hash"
FROM __icp_s;
