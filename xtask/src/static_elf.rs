//! Whether an ELF executable is statically linked: no program interpreter (`PT_INTERP`) and
//! no shared library it needs (`DT_NEEDED`), so it runs on any Linux of its architecture,
//! whatever its C library. A static PIE (`file` says "static-pie linked") counts as static.

const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NEEDED: u64 = 1;
const TRUNCATED: &str = "truncated ELF file";

/// `Ok(())` when `elf` (a 64-bit little-endian ELF file) is static; why not, otherwise.
pub fn check(elf: &[u8]) -> Result<(), String> {
    if elf.get(..4) != Some(b"\x7fELF".as_slice()) {
        return Err("not an ELF file".into());
    }
    if elf.get(4) != Some(&2) || elf.get(5) != Some(&1) {
        return Err("not a 64-bit little-endian ELF file".into());
    }
    let phoff = usize::try_from(u64_at(elf, 0x20)?).map_err(|e| e.to_string())?;
    let phentsize = usize::from(u16_at(elf, 0x36)?);
    let phnum = usize::from(u16_at(elf, 0x38)?);
    for i in 0..phnum {
        let header = i
            .checked_mul(phentsize)
            .and_then(|o| o.checked_add(phoff))
            .ok_or(TRUNCATED)?;
        match u32_at(elf, header)? {
            PT_INTERP => return Err("it names a program interpreter (dynamic loader)".into()),
            PT_DYNAMIC => {
                let offset = usize::try_from(u64_at(elf, header.saturating_add(8))?)
                    .map_err(|e| e.to_string())?;
                let size = usize::try_from(u64_at(elf, header.saturating_add(32))?)
                    .map_err(|e| e.to_string())?;
                let end = offset.checked_add(size).ok_or(TRUNCATED)?;
                // Entries of 16 bytes: tag, value; DT_NULL (0) ends the table.
                for entry in (offset..end).step_by(16) {
                    match u64_at(elf, entry)? {
                        0 => break,
                        DT_NEEDED => return Err("it needs a shared library".into()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn bytes<const N: usize>(elf: &[u8], at: usize) -> Result<[u8; N], String> {
    at.checked_add(N)
        .and_then(|end| elf.get(at..end))
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| TRUNCATED.to_owned())
}

fn u16_at(elf: &[u8], at: usize) -> Result<u16, String> {
    bytes(elf, at).map(u16::from_le_bytes)
}

fn u32_at(elf: &[u8], at: usize) -> Result<u32, String> {
    bytes(elf, at).map(u32::from_le_bytes)
}

fn u64_at(elf: &[u8], at: usize) -> Result<u64, String> {
    bytes(elf, at).map(u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn a_dynamically_linked_program_is_not_static() {
        // xtask itself is built for the host's glibc target: it has an interpreter.
        let own = std::env::current_exe().and_then(std::fs::read);
        let own = own.unwrap_or_default();
        assert!(check(&own).is_err_and(|why| why.contains("interpreter")));
    }

    #[test]
    fn garbage_is_refused_without_a_panic() {
        assert!(check(b"").is_err());
        assert!(check(b"#!/bin/sh\n").is_err());
        let mut header = b"\x7fELF\x02\x01".to_vec();
        header.resize(0x40, 0);
        header[0x20] = 0xff; // program headers past the end
        header[0x38] = 1;
        assert!(check(&header).is_err_and(|why| why.contains("truncated")));
    }
}
