//! The two faces certificates are set in, IPAex Mincho (text) and IPAex Gothic (labels and
//! the code), read once at start-up from `CIS_FONT_DIR` (Debian's `fonts-ipaexfont`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::text::Font;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The files, as Debian's `fonts-ipaexfont-mincho` and `-gothic` name them.
const MINCHO: &str = "ipaexm.ttf";
const GOTHIC: &str = "ipaexg.ttf";

#[derive(Debug, thiserror::Error)]
#[error("CIS_FONT_DIR: no {file} under {dir} (install Debian's fonts-ipaexfont, or point CIS_FONT_DIR at a folder holding IPAex Mincho and Gothic)")]
pub struct FontError {
    file: &'static str,
    dir: String,
}

/// Which face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Mincho,
    Gothic,
}

struct Loaded {
    font: Font,
    data: Arc<Vec<u8>>,
    units_per_em: f32,
}

/// The loaded faces, shared by every rendering.
pub struct Fonts {
    mincho: Loaded,
    gothic: Loaded,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(IPAex Mincho, IPAex Gothic)")
    }
}

impl Fonts {
    /// Finds both faces under `dir` (searched to any depth).
    pub fn load(dir: &Path) -> Result<Fonts, FontError> {
        Ok(Fonts { mincho: load(dir, MINCHO)?, gothic: load(dir, GOTHIC)? })
    }

    pub(super) fn font(&self, face: Face) -> Font {
        self.face(face).font.clone()
    }

    fn face(&self, face: Face) -> &Loaded {
        match face {
            Face::Mincho => &self.mincho,
            Face::Gothic => &self.gothic,
        }
    }

    /// The width of `text` set in `face` at `size` points.
    pub(super) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let loaded = self.face(face);
        let Ok(font) = FontRef::new(&loaded.data) else { return 0.0 };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| charmap.map(c).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(loaded.units_per_em))
            .sum();
        units * size / loaded.units_per_em
    }
}

fn load(dir: &Path, file: &'static str) -> Result<Loaded, FontError> {
    let missing = || FontError { file, dir: dir.display().to_string() };
    let path = find(dir, file, 0).ok_or_else(missing)?;
    let data = Arc::new(std::fs::read(&path).map_err(|_| missing())?);
    let units_per_em =
        FontRef::new(&data).map_err(|_| missing())?.metrics(Size::unscaled(), LocationRef::default()).units_per_em;
    let font = Font::new(data.clone().into(), 0).ok_or_else(missing)?;
    Ok(Loaded { font, data, units_per_em: f32::from(units_per_em) })
}

fn find(dir: &Path, file: &str, depth: u32) -> Option<PathBuf> {
    let direct = dir.join(file);
    if direct.is_file() {
        return Some(direct);
    }
    if depth >= 4 {
        return None;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    entries.into_iter().filter(|p| p.is_dir()).find_map(|p| find(&p, file, depth + 1))
}
