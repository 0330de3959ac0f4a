WITH __icp_n AS (
  SELECT __icp_src.*,
    CASE WHEN CAST(__icp_src."industry" AS text) IS NULL THEN NULL ELSE __icp_m0."icp_value" END AS "__icp_n0",
    CASE WHEN CAST(__icp_src."country" AS text) IS NULL THEN NULL ELSE __icp_m1."icp_value" END AS "__icp_n1",
    CASE WHEN CAST(__icp_src."current employee estimate" AS text) IS NULL THEN NULL WHEN (CASE WHEN (CAST(__icp_src."current employee estimate" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."current employee estimate" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) IS NOT NULL AND ((CASE WHEN (CAST(__icp_src."current employee estimate" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST(__icp_src."current employee estimate" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END) NOT IN ('Infinity'::float8, '-Infinity'::float8)) THEN CAST(__icp_src."current employee estimate" AS text) ELSE __icp_m2."icp_value" END AS "__icp_n2"
  FROM "accounts" AS __icp_src
  LEFT JOIN "icp_normalised" AS __icp_m0 ON __icp_m0."icp_fn" = 'icp_norm_industry' AND __icp_m0."icp_raw" = CAST(__icp_src."industry" AS text)
  LEFT JOIN "icp_normalised" AS __icp_m1 ON __icp_m1."icp_fn" = 'icp_norm_country' AND __icp_m1."icp_raw" = CAST(__icp_src."country" AS text)
  LEFT JOIN "icp_normalised" AS __icp_m2 ON __icp_m2."icp_fn" = 'icp_norm_employees' AND __icp_m2."icp_raw" = CAST(__icp_src."current employee estimate" AS text)
)
, __icp_l AS (
  SELECT *,
    lower("__icp_n0") AS "__icp_l0",
    lower("__icp_n1") AS "__icp_l1",
    lower(CAST("locality" AS text)) AS "__icp_l2",
    lower(CAST("size range" AS text)) AS "__icp_l3"
  FROM __icp_n
)
, __icp_v AS (
  SELECT *,
    CASE WHEN "__icp_l0" IS NULL THEN NULL WHEN ("__icp_l0" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l0", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l0") <= 4 AND "__icp_l0" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l0" END END AS "__icp_v0",
    CASE WHEN "__icp_l1" IS NULL THEN NULL WHEN ("__icp_l1" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l1", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l1") <= 4 AND "__icp_l1" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l1" END END AS "__icp_v1",
    CASE WHEN ("__icp_n2" ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim("__icp_n2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v2",
    CASE WHEN (CAST("year founded" AS text) ~ '^[ \t\n\r\f\v]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$') THEN CAST(trim(CAST("year founded" AS text), chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) AS double precision) END AS "__icp_v3",
    CASE WHEN "__icp_l2" IS NULL THEN NULL WHEN ("__icp_l2" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l2", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l2") <= 4 AND "__icp_l2" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l2" END END AS "__icp_v4",
    CASE WHEN "__icp_l3" IS NULL THEN NULL WHEN ("__icp_l3" ~ '^[ \t\n\r\f\v]|[ \t\n\r\f\v]$') THEN CASE WHEN octet_length(trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11))) <= 4 AND trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE trim("__icp_l3", chr(32) || chr(9) || chr(10) || chr(13) || chr(12) || chr(11)) END ELSE CASE WHEN octet_length("__icp_l3") <= 4 AND "__icp_l3" IN ('', 'n/a', '-', 'null', '?') THEN NULL ELSE "__icp_l3" END END AS "__icp_v5"
  FROM __icp_l
)
, __icp_o AS (
  SELECT *,
    CASE WHEN "__icp_v0" IS NOT NULL THEN (CASE WHEN "__icp_v0" IN ($1, $2, $3, $4, $5) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o0",
    CASE WHEN "__icp_v0" IS NOT NULL THEN (CASE WHEN "__icp_v0" IN ($6, $7, $8, $9, $10, $11, $12) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o1",
    CASE WHEN "__icp_v1" IS NOT NULL THEN (CASE WHEN "__icp_v1" IN ($13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o2",
    CASE WHEN ("__icp_v2" IS NOT NULL AND ("__icp_v2" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v2" >= CAST($25 AS DOUBLE PRECISION) AND "__icp_v2" <= CAST($26 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o3",
    CASE WHEN ("__icp_v3" IS NOT NULL AND ("__icp_v3" NOT IN ('Infinity'::float8, '-Infinity'::float8))) THEN (CASE WHEN ("__icp_v3" >= CAST($27 AS DOUBLE PRECISION) AND "__icp_v3" <= CAST($28 AS DOUBLE PRECISION)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o4",
    CASE WHEN "__icp_v4" IS NOT NULL THEN (CASE WHEN ((strpos("__icp_v4", $29) > 0) OR (strpos("__icp_v4", $30) > 0) OR (strpos("__icp_v4", $31) > 0) OR (strpos("__icp_v4", $32) > 0) OR (strpos("__icp_v4", $33) > 0) OR (strpos("__icp_v4", $34) > 0) OR (strpos("__icp_v4", $35) > 0) OR (strpos("__icp_v4", $36) > 0)) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o5",
    CASE WHEN "__icp_v5" IS NOT NULL THEN (CASE WHEN "__icp_v5" IN ($37) THEN 1 ELSE 0 END) ELSE 2 END AS "__icp_p0_o6"
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
    CASE WHEN "__icp_p0_dq" OR ("__icp_p0_known" = 0 OR "__icp_p0_known" * 10000 < CAST(50000000 AS BIGINT)) THEN NULL ELSE ((2000 * ("__icp_p0_raw" - "__icp_p0_lo") + ("__icp_p0_hi" - "__icp_p0_lo")) / (2 * ("__icp_p0_hi" - "__icp_p0_lo"))) END AS "__icp_p0_tenths",
    CASE WHEN "__icp_p0_dq" THEN concat_ws('; ', CASE WHEN "__icp_p0_o0" = 1 THEN $38 END) ELSE concat_ws('; ', CASE WHEN "__icp_p0_o1" = 1 THEN $39 END, CASE WHEN "__icp_p0_o2" = 1 THEN $40 END, CASE WHEN "__icp_p0_o3" = 1 THEN $41 END, CASE WHEN "__icp_p0_o4" = 1 THEN $42 END, CASE WHEN "__icp_p0_o5" = 1 THEN $43 END, CASE WHEN "__icp_p0_o6" = 1 THEN $44 END, CASE WHEN "__icp_p0_o1" = 0 THEN $45 END, CASE WHEN "__icp_p0_o2" = 0 THEN $46 END, CASE WHEN "__icp_p0_o3" = 0 THEN $47 END, CASE WHEN "__icp_p0_o4" = 0 THEN $48 END, CASE WHEN "__icp_p0_o5" = 0 THEN $49 END, CASE WHEN "__icp_p0_o6" = 0 THEN $50 END, CASE WHEN "__icp_p0_o1" = 2 THEN $51 END, CASE WHEN "__icp_p0_o2" = 2 THEN $52 END, CASE WHEN "__icp_p0_o3" = 2 THEN $53 END, CASE WHEN "__icp_p0_o4" = 2 THEN $54 END, CASE WHEN "__icp_p0_o5" = 2 THEN $55 END, CASE WHEN "__icp_p0_o6" = 2 THEN $56 END, CASE WHEN "__icp_p0_o0" = 2 THEN $57 END) END AS "__icp_p0_reasons"
  FROM __icp_a
)
SELECT "", "name", "domain", "year founded", "industry", "size range", "locality", "country", "linkedin url", "current employee estimate", "total employee estimate",
  CASE WHEN "__icp_p0_tenths" IS NULL THEN NULL ELSE CAST(CAST("__icp_p0_tenths" AS double precision) / 10 AS numeric(4,1)) END AS "icp_score",
  CASE WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(800 AS BIGINT) THEN $58 WHEN "__icp_p0_state" = 'scored' AND "__icp_p0_tenths" >= CAST(600 AS BIGINT) THEN $59 WHEN "__icp_p0_state" = 'scored' THEN $60 END AS "icp_tier",
  "__icp_p0_state" AS "icp_state",
  NULLIF("__icp_p0_reasons", '') AS "icp_reasons",
  $61 AS "icp_profile",
  $62 AS "icp_profile_version",
  $63 AS "icp_profile_hash"
FROM __icp_s;
-- parameters: ["government administration","higher education","armed forces","primary and secondary education","education administration programs","software development","technology, information and internet","it services and it consulting","financial services","banking","insurance","computer and network security","us","ca","gb","de","fr","nl","ie","ch","se","dk","no","be",1000,20000,1986,2026,"san francisco","new york","london","berlin","amsterdam","seattle","boston","toronto","10001+","Public sector, education or military (excluded)","Software, internet, IT or financial services (+30)","North America or Western Europe (+20)","1,000–20,000 current employees (+20)","Founded in the last 40 years (+10)","Headquartered in a tech hub (+10)","Mega-corporation (10,001+) (-10)","Software, internet, IT or financial services (not met)","North America or Western Europe (not met)","1,000–20,000 current employees (not met)","Founded in the last 40 years (not met)","Headquartered in a tech hub (not met)","Mega-corporation (10,001+) (not met)","Software, internet, IT or financial services (unknown)","North America or Western Europe (unknown)","1,000–20,000 current employees (unknown)","Founded in the last 40 years (unknown)","Headquartered in a tech hub (unknown)","Mega-corporation (10,001+) (unknown)","Public sector, education or military (exclude, unknown)","A","B","C","Enterprise tech and finance","1.0.0","e4a051496743"]
