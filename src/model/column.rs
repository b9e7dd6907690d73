//! Columns of plain numbers that either own their values or borrow them,
//! without a copy, from a read-only buffer holding a whole database file.
//!
//! Opening a million-edge database used to copy every column out of the
//! file's bytes into fresh vectors; on this kind of machine the page faults
//! of that fresh memory were most of the opening time. A [`Column`] read by
//! `store::compact` from a memory-mapped file instead points into the map
//! (see [`Buffer`]), and one built in memory owns a `Vec`. Both read as a
//! slice through `Deref`, so the rest of `model` does not tell them apart.
//!
//! Borrowing needs the section to be aligned for `T` and the machine to be
//! little-endian (the file's byte order); `store::compact` copies a section
//! that is not, so a column is always right, only sometimes slower.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use bytemuck::Pod;

/// Read-only bytes that columns can borrow from: a database file mapped
/// into memory, or a copy of bytes held in memory.
pub enum Buffer {
    /// A memory-mapped file (see `store::open`).
    Mapped(memmap2::Mmap),
    /// Bytes held in memory.
    Owned(Vec<u8>),
}

impl Buffer {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Buffer::Mapped(m) => m,
            Buffer::Owned(v) => v,
        }
    }
}

impl fmt::Debug for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            Buffer::Mapped(_) => "mapped",
            Buffer::Owned(_) => "owned",
        };
        write!(f, "Buffer({kind}, {} bytes)", self.bytes().len())
    }
}

/// A column of `T`: owned, or borrowed from a shared [`Buffer`].
#[derive(Clone)]
pub struct Column<T: Pod>(Repr<T>);

#[derive(Clone)]
enum Repr<T> {
    Owned(Vec<T>),
    Shared {
        buffer: Arc<Buffer>,
        start: usize,
        len: usize,
    },
}

impl<T: Pod> Column<T> {
    /// The column of `len` values of `T` stored at `start` in `buffer`, if
    /// they lie inside it and are aligned for `T` on a little-endian
    /// machine; `None` otherwise (the caller then copies).
    pub fn borrow(buffer: &Arc<Buffer>, start: usize, len: usize) -> Option<Column<T>> {
        if cfg!(target_endian = "big") {
            return None;
        }
        let bytes = len.checked_mul(std::mem::size_of::<T>())?;
        let end = start.checked_add(bytes)?;
        let section = buffer.bytes().get(start..end)?;
        bytemuck::try_cast_slice::<u8, T>(section).ok()?;
        Some(Column(Repr::Shared {
            buffer: Arc::clone(buffer),
            start,
            len,
        }))
    }

    /// Whether the values are borrowed from a buffer rather than owned.
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }

    /// The values, owned (copied if borrowed), to change them.
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        if let Repr::Shared { .. } = self.0 {
            self.0 = Repr::Owned(self.to_vec());
        }
        match &mut self.0 {
            Repr::Owned(v) => v,
            // Made owned just above.
            Repr::Shared { .. } => unreachable!("the column was made owned above"),
        }
    }
}

impl<T: Pod> Deref for Column<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Shared { buffer, start, len } => {
                // `borrow` checked range and alignment; the buffer never
                // changes, so this cannot fail (an empty slice if it did).
                let end = start + len * std::mem::size_of::<T>();
                buffer
                    .bytes()
                    .get(*start..end)
                    .and_then(|b| bytemuck::try_cast_slice(b).ok())
                    .unwrap_or(&[])
            }
        }
    }
}

impl<T: Pod> From<Vec<T>> for Column<T> {
    fn from(v: Vec<T>) -> Column<T> {
        Column(Repr::Owned(v))
    }
}

impl<T: Pod> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Column<T> {
        Column(Repr::Owned(iter.into_iter().collect()))
    }
}

impl<T: Pod> Default for Column<T> {
    fn default() -> Column<T> {
        Column(Repr::Owned(Vec::new()))
    }
}

impl<T: Pod + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Column<T>) -> bool {
        **self == **other
    }
}

impl<T: Pod + fmt::Debug> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T: Pod> IntoIterator for &'a Column<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_and_owned_columns_read_alike() {
        let values: Vec<u32> = vec![7, 0, u32::MAX, 42];
        let mut bytes = vec![0u8; 4];
        for v in &values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let buffer = Arc::new(Buffer::Owned(bytes));
        let owned = Column::from(values.clone());
        match Column::<u32>::borrow(&buffer, 4, 4) {
            Some(shared) => {
                assert!(shared.is_borrowed());
                assert_eq!(shared, owned);
                assert_eq!(&shared[..], &values[..]);
            }
            // An allocator may hand out bytes not aligned for u32.
            None => assert!(!(buffer.bytes().as_ptr() as usize).is_multiple_of(4)),
        }
    }

    #[test]
    fn refuses_sections_outside_the_buffer_or_misaligned() {
        let buffer = Arc::new(Buffer::Owned(vec![0u8; 16]));
        assert!(Column::<u32>::borrow(&buffer, 8, 3).is_none());
        assert!(Column::<u32>::borrow(&buffer, usize::MAX, 1).is_none());
        let base = buffer.bytes().as_ptr() as usize;
        let misaligned = (0..4).find(|o| !(base + o).is_multiple_of(4)).unwrap_or(1);
        assert!(Column::<u32>::borrow(&buffer, misaligned, 1).is_none());
    }

    #[test]
    fn changing_a_borrowed_column_copies_it() {
        let buffer = Arc::new(Buffer::Owned(vec![1, 0, 0, 0, 2, 0, 0, 0]));
        let Some(mut c) = Column::<u32>::borrow(&buffer, 0, 2) else {
            return;
        };
        c.to_mut().push(3);
        assert!(!c.is_borrowed());
        assert_eq!(&c[..], &[1, 2, 3]);
    }
}
