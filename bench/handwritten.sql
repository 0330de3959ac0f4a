-- The same scoring as examples/b2b-saas.yaml, written by hand the way an analyst would for DuckDB:
-- typed columns from the CSV sniffer, no unknown-vs-missing subtleties beyond NULL, one pass.
-- {{input}}, {{output}} and {{as_of_year}} are filled in by bench/score.ts.
COPY (
  WITH s AS (
    SELECT *,
      lower(industry) IN ('computer software', 'internet', 'information technology and services') AS c_sw,
      employees BETWEEN 50 AND 1000 AS c_size,
      lower(region) IN ('north america', 'europe') AS c_geo,
      list_has_any(list_transform(string_split(lower(tech), ';'), x -> trim(x)), ['salesforce', 'hubspot']) AS c_crm,
      lower(funding_stage) IN ('series a', 'series b', 'series c') AS c_stage,
      founded_year BETWEEN {{as_of_year}} - 15 AND {{as_of_year}} AS c_young,
      (contains(lower(description), 'agency') OR contains(lower(description), 'consultancy') OR contains(lower(description), 'consulting')) AS c_agency,
      employees < 20 AS f_small,
      lower(industry) IN ('government administration', 'non-profit organization management') AS f_gov
    FROM read_csv('{{input}}')
  ), k AS (
    SELECT *,
      (CASE WHEN c_sw IS NULL THEN 0 ELSE 25 END) + (CASE WHEN c_size IS NULL THEN 0 ELSE 20 END)
        + (CASE WHEN c_geo IS NULL THEN 0 ELSE 15 END) + (CASE WHEN c_crm IS NULL THEN 0 ELSE 15 END)
        + (CASE WHEN c_stage IS NULL THEN 0 ELSE 10 END) + (CASE WHEN c_young IS NULL THEN 0 ELSE 5 END)
        + (CASE WHEN c_agency IS NULL THEN 0 ELSE 10 END) AS known,
      (CASE WHEN c_sw THEN 25 ELSE 0 END) + (CASE WHEN c_size THEN 20 ELSE 0 END) + (CASE WHEN c_geo THEN 15 ELSE 0 END)
        + (CASE WHEN c_crm THEN 15 ELSE 0 END) + (CASE WHEN c_stage THEN 10 ELSE 0 END) + (CASE WHEN c_young THEN 5 ELSE 0 END)
        + (CASE WHEN c_agency THEN -10 ELSE 0 END) AS raw,
      (CASE WHEN c_sw IS NULL THEN 0 ELSE 25 END) + (CASE WHEN c_size IS NULL THEN 0 ELSE 20 END)
        + (CASE WHEN c_geo IS NULL THEN 0 ELSE 15 END) + (CASE WHEN c_crm IS NULL THEN 0 ELSE 15 END)
        + (CASE WHEN c_stage IS NULL THEN 0 ELSE 10 END) + (CASE WHEN c_young IS NULL THEN 0 ELSE 5 END) AS hi,
      (CASE WHEN c_agency IS NULL THEN 0 ELSE -10 END) AS lo
    FROM s
  )
  SELECT * EXCLUDE (c_sw, c_size, c_geo, c_crm, c_stage, c_young, c_agency, f_small, f_gov, known, raw, hi, lo),
    CASE WHEN coalesce(f_small, false) OR coalesce(f_gov, false) OR known * 100 < 60 * 100 THEN NULL
      ELSE round(100.0 * (raw - lo) / (hi - lo), 1) END AS icp_score,
    CASE WHEN coalesce(f_small, false) OR coalesce(f_gov, false) OR known * 100 < 60 * 100 THEN NULL
      WHEN 100.0 * (raw - lo) / (hi - lo) >= 75 THEN 'A' WHEN 100.0 * (raw - lo) / (hi - lo) >= 50 THEN 'B' ELSE 'C' END AS icp_tier,
    CASE WHEN coalesce(f_small, false) OR coalesce(f_gov, false) THEN 'disqualified'
      WHEN known * 100 < 60 * 100 THEN 'insufficient_data' ELSE 'scored' END AS icp_state,
    CASE WHEN coalesce(f_small, false) OR coalesce(f_gov, false) THEN concat_ws('; ',
        CASE WHEN f_small THEN 'At least 20 employees (required, not met)' END,
        CASE WHEN f_gov THEN 'Government or non-profit (excluded)' END)
      ELSE concat_ws('; ',
        CASE WHEN c_sw THEN 'Software or internet (+25)' END, CASE WHEN c_size THEN '50–1,000 employees (+20)' END,
        CASE WHEN c_geo THEN 'North America or Europe (+15)' END, CASE WHEN c_crm THEN 'Uses a CRM we integrate with (+15)' END,
        CASE WHEN c_stage THEN 'Raised Series A to C (+10)' END, CASE WHEN c_agency THEN 'Agency or consultancy (-10)' END,
        CASE WHEN c_young THEN 'Founded in the last 15 years (+5)' END,
        CASE WHEN NOT c_sw THEN 'Software or internet (not met)' END, CASE WHEN NOT c_size THEN '50–1,000 employees (not met)' END,
        CASE WHEN NOT c_geo THEN 'North America or Europe (not met)' END, CASE WHEN NOT c_crm THEN 'Uses a CRM we integrate with (not met)' END,
        CASE WHEN NOT c_stage THEN 'Raised Series A to C (not met)' END, CASE WHEN NOT c_young THEN 'Founded in the last 15 years (not met)' END,
        CASE WHEN NOT c_agency THEN 'Agency or consultancy (not met)' END,
        CASE WHEN c_sw IS NULL THEN 'Software or internet (unknown)' END, CASE WHEN c_size IS NULL THEN '50–1,000 employees (unknown)' END,
        CASE WHEN c_geo IS NULL THEN 'North America or Europe (unknown)' END, CASE WHEN c_crm IS NULL THEN 'Uses a CRM we integrate with (unknown)' END,
        CASE WHEN c_stage IS NULL THEN 'Raised Series A to C (unknown)' END, CASE WHEN c_young IS NULL THEN 'Founded in the last 15 years (unknown)' END,
        CASE WHEN c_agency IS NULL THEN 'Agency or consultancy (unknown)' END)
    END AS icp_reasons,
    'B2B SaaS mid-market' AS icp_profile, '1.0.0' AS icp_profile_version
  FROM k
) TO '{{output}}' (FORMAT csv, HEADER true);
