//! Runs the Python test-suite (`python/tests`) against the extension module
//! this very `cargo test` built, so `cargo test --workspace` covers the
//! Python API and the Ray executor.
//!
//! The package is assembled in a temporary folder: `python/tamis/*` plus the
//! cdylib cargo just built (`target/<profile>/deps/lib_tamis.so`) as
//! `tamis/_tamis.abi3.so`, put first on `PYTHONPATH` (Ray workers get the
//! same `PYTHONPATH` through the tests' runtime environment). Build with
//! `PYO3_BUILD_EXTENSION_MODULE=1` (as `.ci/setup-ray.sh` exports) so that
//! the module does not link libpython, exactly as maturin builds it.
//!
//! Needs `TAMIS_PYTHON`: a Python with pytest (and pyarrow, datatrove, ray
//! for the tests that use them; those skip without them). Without it the
//! test prints "skipped" and passes, unless `TAMIS_REQUIRE_PY=1`.
//! The Ray tests need `TAMIS_RAY_ADDRESS` (a running cluster).

use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var("TAMIS_REQUIRE_PY").is_ok_and(|v| v == "1")
}

fn skip(why: &str) {
    assert!(!required(), "{why} (TAMIS_REQUIRE_PY=1)");
    println!("skipped: {why}");
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The extension module cargo built for this profile: in `deps/` beside this
/// test's executable (where `cargo test` leaves it), or uplifted one level up.
fn built_module() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    let dirs = [deps.to_path_buf(), deps.parent()?.to_path_buf()];
    let names = ["lib_tamis.so", "lib_tamis.dylib", "_tamis.dll"];
    dirs.iter()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "__pycache__" || name.to_string_lossy().ends_with(".so") {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(&name));
        } else {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn python_test_suite() {
    let Ok(python) = std::env::var("TAMIS_PYTHON") else {
        return skip("TAMIS_PYTHON not set");
    };
    let root = repo_root();
    let check = Command::new(&python).args(["-c", "import pytest"]).output();
    if !check.as_ref().is_ok_and(|o| o.status.success()) {
        return skip(&format!(
            "{python} cannot import pytest (pip install -r .ci/requirements-py.txt)"
        ));
    }
    let Some(module) = built_module() else {
        return skip("the extension module (lib_tamis.so) was not built next to this test");
    };
    // tamis/ = the Python sources + the module cargo just built.
    let pkg_root = std::env::temp_dir().join(format!("tamis-py-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&pkg_root);
    copy_dir(&root.join("python/tamis"), &pkg_root.join("tamis"));
    std::fs::copy(&module, pkg_root.join("tamis/_tamis.abi3.so")).unwrap();

    let mut pythonpath = pkg_root.display().to_string();
    if let Ok(p) = std::env::var("PYTHONPATH") {
        pythonpath = format!("{pythonpath}:{p}");
    }
    let status = Command::new(&python)
        .args([
            "-m",
            "pytest",
            "python/tests",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
        ])
        .current_dir(&root)
        .env("PYTHONPATH", &pythonpath)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .status()
        .expect("cannot run TAMIS_PYTHON");
    let _ = std::fs::remove_dir_all(&pkg_root);
    assert!(
        status.success(),
        "python/tests failed (see the pytest output above)"
    );
}
