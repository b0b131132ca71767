/// The `etl` schema: run ledger, input files, lineage and quarantine. Created on first use,
/// inside the run's transaction.
enum Bookkeeping {
    static let ddl = """
        CREATE SCHEMA IF NOT EXISTS etl;
        CREATE TABLE IF NOT EXISTS etl.runs (
            run_id bigint PRIMARY KEY,
            pipeline text NOT NULL,
            pipeline_sha256 text NOT NULL,
            target_schema text NOT NULL,
            started_at timestamptz NOT NULL,
            finished_at timestamptz NOT NULL,
            status text NOT NULL,
            records_read bigint NOT NULL,
            loaded bigint NOT NULL,
            merged bigint NOT NULL,
            quarantined bigint NOT NULL,
            inserted bigint NOT NULL,
            updated bigint NOT NULL,
            unchanged bigint NOT NULL,
            tool_version text NOT NULL,
            summary jsonb NOT NULL,
            CONSTRAINT runs_accounting CHECK (records_read = loaded + merged + quarantined),
            CONSTRAINT runs_loaded CHECK (loaded = inserted + updated + unchanged)
        );
        CREATE TABLE IF NOT EXISTS etl.run_files (
            run_id bigint NOT NULL,
            file_id integer NOT NULL,
            source text NOT NULL,
            name text NOT NULL,
            size bigint NOT NULL,
            records bigint NOT NULL,
            rejected bigint NOT NULL,
            PRIMARY KEY (run_id, file_id)
        );
        ALTER TABLE etl.run_files ADD COLUMN IF NOT EXISTS encoding text;
        ALTER TABLE etl.run_files ADD COLUMN IF NOT EXISTS encoding_confidence double precision;
        CREATE TABLE IF NOT EXISTS etl.lineage (
            run_id bigint NOT NULL,
            target_table text NOT NULL,
            target_key text NOT NULL,
            file_id integer NOT NULL,
            source_key text,
            line bigint NOT NULL,
            byte_offset bigint NOT NULL,
            role text NOT NULL CHECK (role IN ('loaded', 'merged'))
        );
        ALTER TABLE etl.lineage ADD COLUMN IF NOT EXISTS original jsonb;
        CREATE INDEX IF NOT EXISTS lineage_run ON etl.lineage USING brin (run_id);
        CREATE OR REPLACE VIEW etl.lineage_files AS
            SELECT l.run_id, l.target_table, l.target_key, f.source, l.source_key, f.name AS file, l.line,
                   l.byte_offset, l.role, l.original
            FROM etl.lineage l JOIN etl.run_files f ON f.run_id = l.run_id AND f.file_id = l.file_id;
        CREATE TABLE IF NOT EXISTS etl.quarantine (
            run_id bigint NOT NULL,
            source text NOT NULL,
            file text NOT NULL,
            line bigint NOT NULL,
            byte_offset bigint NOT NULL,
            record bigint NOT NULL,
            reason text NOT NULL,
            field text,
            detail text NOT NULL,
            original jsonb NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_run ON etl.quarantine (run_id, reason);
        CREATE TABLE IF NOT EXISTS etl.flags (
            run_id bigint NOT NULL,
            target_table text NOT NULL,
            target_key text NOT NULL,
            source text NOT NULL,
            file text NOT NULL,
            line bigint NOT NULL,
            record bigint NOT NULL,
            field text NOT NULL,
            reason text NOT NULL,
            detail text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS flags_run ON etl.flags (run_id, reason);
        """

    /// The advisory-lock key that serialises runs against one database: ledger ids and DDL.
    static let runLockKey: Int64 = 0x6D6F_7463_7561_0001
}
