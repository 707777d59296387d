//! A form post as the server reads it (`multipart/form-data`, the no-JavaScript path of
//! every request form): the body is split into chunks where the first byte says, and read
//! by the portal's own reader. Nothing may panic, and whatever is read stays within bounds.
#![no_main]

use bytes::Bytes;
use leptos::server_fn::codec::MultipartData;
use libfuzzer_sys::fuzz_target;

const MAX_FILE: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let Some((&split, body)) = data.split_first() else { return };
    let size = usize::from(split).max(1);
    let chunks: Vec<Result<Bytes, std::io::Error>> = body.chunks(size).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let stream = futures::stream::iter(chunks);
    let data = MultipartData::Server(multer::Multipart::new(stream, "fuzzboundary"));
    let read = futures::executor::block_on(app::requests::store::read_multipart(data, MAX_FILE));
    if let Ok((fields, uploads)) = read {
        assert!(fields.len() + uploads.len() <= 300, "more parts than the reader allows");
        assert!(fields.iter().all(|(_, v)| v.len() <= 64 * 1024), "a text field past its bound");
        assert!(uploads.iter().all(|u| u.bytes.len() <= MAX_FILE + 1), "a file read past its bound");
    }
});
