//! Group commit for SQLite. SQLite has one writer at a time, and with `synchronous = FULL` every
//! commit waits for the disk (about a millisecond here), so committing each write on its own caps
//! a server near a thousand writes a second however many requests wait. Instead, one thread owns
//! a connection and takes whatever writes are waiting: it runs each in a savepoint of one
//! transaction (a write that fails rolls back alone), commits once, and only then answers each
//! caller. Nothing is acknowledged before it is on disk; a commit that fails fails every write of
//! its batch.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::{AnyConnection, StorageError, write_transaction};

/// How many waiting writes one commit takes at most.
const MAX_BATCH: usize = 128;

/// What a write does once its batch has committed (`Ok`) or failed.
type Finish = Box<dyn FnOnce(Result<(), &StorageError>) + Send>;
/// A write, run inside the batch's transaction.
type Job = Box<dyn FnOnce(&mut AnyConnection) -> Finish + Send>;

/// The handle requests use; the thread ends when every clone is dropped.
#[derive(Clone)]
pub struct Writer {
    jobs: Sender<Job>,
}

impl Writer {
    /// Connects (with `connect`, also used to start afresh after a failed batch) and starts the
    /// writing thread, which ends once every clone of the writer is dropped.
    pub fn start(
        connect: impl Fn() -> Result<AnyConnection, StorageError> + Send + 'static,
    ) -> Result<(Writer, JoinHandle<()>), StorageError> {
        let conn = connect()?;
        let (jobs, waiting) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || write_batches(conn, &waiting, connect))
            .map_err(|e| StorageError::Writer(format!("cannot start the writing thread: {e}")))?;
        Ok((Writer { jobs }, thread))
    }

    /// Runs `work` in the next batch and answers once that batch has committed.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StorageError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            // Nested in the batch's transaction, this is a savepoint.
            let outcome = write_transaction(conn, work);
            Box::new(move |committed: Result<(), &StorageError>| {
                let result = match (outcome, committed) {
                    (Ok(value), Ok(())) => Ok(value),
                    (Ok(_), Err(e)) => Err(E::from(StorageError::Writer(format!("the commit failed: {e}")))),
                    (Err(e), _) => Err(e),
                };
                let _ = answer.send(result);
            })
        });
        self.jobs.send(job).map_err(|_| E::from(StorageError::Writer("the writing thread stopped".into())))?;
        answered.await.map_err(|_| E::from(StorageError::Writer("the write failed unexpectedly".into())))?
    }
}

fn write_batches(
    mut conn: AnyConnection,
    waiting: &Receiver<Job>,
    reconnect: impl Fn() -> Result<AnyConnection, StorageError>,
) {
    while let Ok(first) = waiting.recv() {
        let mut batch = vec![first];
        batch.extend(waiting.try_iter().take(MAX_BATCH - 1));
        let mut finishes = Vec::with_capacity(batch.len());
        let mut panicked = false;
        let committed = write_transaction(&mut conn, |conn| {
            for job in batch {
                match std::panic::catch_unwind(AssertUnwindSafe(|| job(conn))) {
                    Ok(finish) => finishes.push(finish),
                    Err(_) => {
                        // The connection's transaction state is unknown: give up the whole batch.
                        panicked = true;
                        return Err(StorageError::Writer("a write in this batch failed unexpectedly".into()));
                    }
                }
            }
            Ok(())
        });
        for finish in finishes {
            finish(committed.as_ref().map(|_| ()));
        }
        if panicked || committed.is_err() {
            // Closing the connection rolls back whatever it still holds; start from a clean one.
            match reconnect() {
                Ok(fresh) => conn = fresh,
                Err(e) => tracing::error!(error = %e, "the SQLite writer could not reconnect; keeping its connection"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    use crate::storage::StorageError;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    #[actix_web::test]
    async fn a_failed_write_rolls_back_alone_and_the_others_of_its_batch_commit() {
        let (db, dir) = crate::storage::scratch_sqlite("writer");
        db.write(|conn| Ok::<_, StorageError>(conn.batch_execute("CREATE TABLE numbers (n BIGINT NOT NULL)")?))
            .await
            .unwrap();
        // Sent at once, these land in the same few batches; every third fails after writing.
        let writes = (0..60i64).map(|n| {
            let db = db.clone();
            async move {
                db.write(move |conn| {
                    diesel::sql_query("INSERT INTO numbers (n) VALUES ($1)").bind::<BigInt, _>(n).execute(conn)?;
                    if n % 3 == 0 { Err(StorageError::Writer(format!("write {n} refused"))) } else { Ok(n) }
                })
                .await
            }
        });
        let answers = join_all(writes).await;
        assert_eq!(answers.iter().filter(|a| a.is_ok()).count(), 40);
        let stored: Count = db
            .read(|conn| {
                Ok::<_, StorageError>(diesel::sql_query("SELECT COUNT(*) AS n FROM numbers").get_result(conn)?)
            })
            .await
            .unwrap();
        let refused: Count = db
            .read(|conn| {
                Ok::<_, StorageError>(
                    diesel::sql_query("SELECT COUNT(*) AS n FROM numbers WHERE n % 3 = 0").get_result(conn)?,
                )
            })
            .await
            .unwrap();
        assert_eq!((stored.n, refused.n), (40, 0), "exactly the acknowledged writes are stored");
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Runs the futures concurrently on this thread and returns their answers in order.
    async fn join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
    where
        F: std::future::Future + 'static,
        F::Output: 'static,
    {
        let handles: Vec<_> = futures.map(actix_web::rt::spawn).collect();
        let mut answers = Vec::new();
        for handle in handles {
            answers.push(handle.await.expect("the write task ran"));
        }
        answers
    }
}
