SELECT DISTINCT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t0"."account_id",
        'near_duplicate' AS "kind",
        "t0"."v_nd_a" AS "e"
      FROM "event_flags" AS "t0"
    ) AS "t1"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t0"."account_id",
        'near_duplicate' AS "kind",
        "t0"."v_nd_b" AS "e"
      FROM "event_flags" AS "t0"
    ) AS "t2"
  ) AS "t3"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t0"."account_id",
        'lockstep' AS "kind",
        "t0"."v_w15" * 2 AS "e"
      FROM "event_flags" AS "t0"
    ) AS "t4"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t0"."account_id",
        'lockstep' AS "kind",
        (
          "t0"."v_w15b" * 2
        ) + 1 AS "e"
      FROM "event_flags" AS "t0"
    ) AS "t5"
  ) AS "t6"
) AS "t7"
WHERE
  "t7"."e" IS NOT NULL
