//! Running out of memory or threads ends a run with exit status 2 and a sentence saying
//! what ran out, never with an abort or a panic's backtrace: an allocator that reports a
//! failed allocation, and a panic hook that keeps the message for `main` to print.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::Mutex;

/// mimalloc, with a failed allocation reported in words and the process ended with status
/// 2. Outputs are written under temporary names and renamed into place only when whole, so
/// the output folder still holds the previous complete run.
pub struct Guarded(pub mimalloc::MiMalloc);

fn out_of_memory(size: usize) -> ! {
    // No allocation from here on: the message is assembled on the stack and written
    // straight to stderr.
    const HEAD: &[u8] = b"spendgap: error: out of memory (an allocation of ";
    const TAIL: &[u8] = b" bytes failed); nothing was changed in the output folder. Give the \
        machine more memory, or spendgap fewer threads (--threads 1).\n";
    let mut msg = [0u8; 256];
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        let n = bytes.len().min(msg.len() - len);
        msg[len..len + n].copy_from_slice(&bytes[..n]);
        len += n;
    };
    put(HEAD);
    let mut digits = [0u8; 20];
    let (mut n, mut k) = (size, digits.len());
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    put(&digits[k..]);
    put(TAIL);
    // SAFETY: writing a stack buffer to the standard error descriptor, then leaving the
    // process without running anything that could allocate.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), len);
        libc::_exit(2);
    }
}

// SAFETY: every call is passed to mimalloc unchanged; only a null result is acted on.
unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { self.0.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { self.0.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory(new_size);
        }
        p
    }
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Keeps a panic's message (for [`explain`]) instead of printing a backtrace.
pub fn keep_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut kept = PANIC
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get_or_insert(format!("{what}{place}"));
    }));
}

/// What a run that panicked should say: what ran out, when it was threads or memory, else
/// an internal error to report.
pub fn explain() -> String {
    let kept = PANIC
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
        .unwrap_or_default();
    let lower = kept.to_lowercase();
    let cause = if lower.contains("spawn") || lower.contains("thread") {
        "could not start its worker threads (the machine is out of threads or of memory for \
         their stacks; try --threads 1)"
    } else if lower.contains("memory")
        || lower.contains("alloc")
        || lower.contains("capacity overflow")
    {
        "ran out of memory (give the machine more memory, or spendgap fewer threads with \
         --threads 1)"
    } else if lower.contains("no space left") || lower.contains("disk") {
        "ran out of disk space"
    } else {
        "stopped on an internal error (please report it, with this message)"
    };
    format!("spendgap {cause}: {kept}; nothing was changed in the output folder")
}
