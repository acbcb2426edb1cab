/** PostgreSQL for tests: `TIDEWAY_TEST_POSTGRES_URL`, else the local development server. */
export const postgresTestUrl = process.env.TIDEWAY_TEST_POSTGRES_URL ?? 'postgres://tideway:tideway@127.0.0.1:5432/tideway_test';
