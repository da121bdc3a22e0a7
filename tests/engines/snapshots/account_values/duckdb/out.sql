SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t11"."account_id",
        'prefix' AS "kind",
        "t11"."value",
        "t11"."c"
      FROM (
        SELECT
          "t6"."account_id",
          "t6"."v_prefix" AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."v_prefix" IS NOT NULL
        ) AS "t6"
        GROUP BY
          1,
          2
      ) AS "t11"
    ) AS "t19"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t13"."account_id",
        'asn' AS "kind",
        "t13"."value",
        "t13"."c"
      FROM (
        SELECT
          "t2"."account_id",
          CAST("t2"."asn" AS TEXT) AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."asn" IS NOT NULL
        ) AS "t2"
        GROUP BY
          1,
          2
      ) AS "t13"
    ) AS "t21"
  ) AS "t26"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t10"."account_id",
        'user_agent' AS "kind",
        "t10"."value",
        "t10"."c"
      FROM (
        SELECT
          "t3"."account_id",
          "t3"."user_agent" AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."user_agent" IS NOT NULL
        ) AS "t3"
        GROUP BY
          1,
          2
      ) AS "t10"
    ) AS "t18"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t9"."account_id",
        'org' AS "kind",
        "t9"."value",
        "t9"."c"
      FROM (
        SELECT
          "t1"."account_id",
          "t1"."org_id" AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."org_id" IS NOT NULL
        ) AS "t1"
        GROUP BY
          1,
          2
      ) AS "t9"
    ) AS "t17"
  ) AS "t22"
) AS "t29"
UNION ALL
SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t12"."account_id",
        'params' AS "kind",
        "t12"."value",
        "t12"."c"
      FROM (
        SELECT
          "t8"."account_id",
          "t8"."v_params" AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."v_params" IS NOT NULL
        ) AS "t8"
        GROUP BY
          1,
          2
      ) AS "t12"
    ) AS "t20"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t14"."account_id",
        'template' AS "kind",
        "t14"."value",
        "t14"."c"
      FROM (
        SELECT
          "t4"."account_id",
          CAST("t4"."template_fp" AS TEXT) AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."template_fp" IS NOT NULL
        ) AS "t4"
        GROUP BY
          1,
          2
      ) AS "t14"
    ) AS "t23"
  ) AS "t27"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t15"."account_id",
        'system' AS "kind",
        "t15"."value",
        "t15"."c"
      FROM (
        SELECT
          "t5"."account_id",
          CAST("t5"."system_fp" AS TEXT) AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."system_fp" IS NOT NULL
        ) AS "t5"
        GROUP BY
          1,
          2
      ) AS "t15"
    ) AS "t24"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t16"."account_id",
        'window' AS "kind",
        "t16"."value",
        "t16"."c"
      FROM (
        SELECT
          "t7"."account_id",
          CAST("t7"."v_w15" AS TEXT) AS "value",
          COUNT(*) AS "c"
        FROM (
          SELECT
            *
          FROM "event_flags" AS "t0"
          WHERE
            "t0"."v_w15" IS NOT NULL
        ) AS "t7"
        GROUP BY
          1,
          2
      ) AS "t16"
    ) AS "t25"
  ) AS "t28"
) AS "t30"
