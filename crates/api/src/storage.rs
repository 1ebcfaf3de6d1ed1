//! Uploaded identity documents on disk, under `<data dir>/uploads/`: outside the web root,
//! named at random, read only through the API's checks.

use std::path::PathBuf;

use rand::Rng;

pub struct DocumentStore {
    dir: PathBuf,
}

impl DocumentStore {
    pub fn open(dir: PathBuf) -> std::io::Result<DocumentStore> {
        std::fs::create_dir_all(&dir)?;
        Ok(DocumentStore { dir })
    }

    /// Writes a new file and returns its name (32 random hex digits and the extension).
    pub async fn save(&self, bytes: Vec<u8>, extension: &str) -> std::io::Result<String> {
        let name = format!("{:032x}.{extension}", rand::thread_rng().gen::<u128>());
        let path = self.dir.join(&name);
        let partial = self.dir.join(format!("{name}.partial"));
        // Written aside, then renamed: a crash never leaves a half file under the real name.
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(name)
    }

    pub async fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(name)?).await
    }

    /// Deletes a file; one already gone is not an error.
    pub async fn remove(&self, name: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(name)?).await {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// The space left for unprivileged writers on the file system of the directory.
    pub fn free_bytes(&self) -> std::io::Result<u64> {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(self.dir.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "NUL in the uploads path"))?;
        let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: `path` is a NUL-terminated string and `stats` a buffer of the right type;
        // statvfs fills it completely when it answers 0.
        let stats = unsafe {
            if libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            stats.assume_init()
        };
        Ok((stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).is_ok_and(|p| p.exists())
    }

    /// Names come from the database, but never let one climb out of the directory.
    fn path(&self, name: &str) -> std::io::Result<PathBuf> {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') || name.starts_with('.') {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad document name"));
        }
        Ok(self.dir.join(name))
    }
}
