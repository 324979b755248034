//! Every built-in pack under `rules/` passes its cfn-guard test file
//! (`rules/tests/<pack>_tests.yaml`), run by cfn-guard's own `test` command.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use cfn_guard::commands::Executable;
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use cfn_guard::{CommandBuilder, TestBuilder};
use std::path::{Path, PathBuf};

fn packs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "guard"))
        .collect();
    packs.sort();
    packs
}

#[test]
fn every_pack_passes_its_cfn_guard_tests() {
    let packs = packs();
    assert_eq!(packs.len(), 3, "{packs:?}");
    for pack in packs {
        let stem = pack.file_stem().unwrap().to_string_lossy();
        let tests = pack.with_file_name(format!("tests/{stem}_tests.yaml"));
        assert!(tests.is_file(), "{} has no test file", pack.display());
        let command = TestBuilder::default()
            .rules(Some(pack.display().to_string()))
            .test_data(Some(tests.display().to_string()))
            .try_build()
            .unwrap();
        let mut reader = Reader::new(ReadBuffer::Cursor(std::io::Cursor::new(Vec::new())));
        let mut writer =
            Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new()))
                .unwrap();
        let status = command.execute(&mut writer, &mut reader).unwrap();
        let output = writer.stripped().unwrap();
        assert_eq!(status, 0, "{}:\n{output}", tests.display());
        let cases = output.matches("Test Case #").count();
        assert!(
            cases >= 10,
            "{}: only {cases} test cases ran",
            tests.display()
        );
        assert!(!output.contains("FAIL Rules"), "{output}");
    }
}
