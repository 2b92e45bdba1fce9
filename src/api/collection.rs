//! What the API layer asks of a resource: where its NCLUE collection lives,
//! how its answers name things, and how its errors are worded. The resource
//! descriptions answer (`resource` implements [`Collection`] for
//! [`Kind`](crate::model::Kind)); they sit above this layer, so it asks
//! through this trait rather than reading them.

/// The facts of one resource that its calls and its errors need.
pub trait Collection {
    /// The collection's path under the service's base URL (`["profile",
    /// "shopping-intents"]`); empty where the service has no such shape.
    fn path(self) -> &'static [&'static str];
    /// The key of the item array in a list answer.
    fn items(self) -> &'static str;
    /// The JSON field of an item's id.
    fn id_field(self) -> &'static str;
    /// Singular noun in messages (`task run`).
    fn noun(self) -> &'static str;
    /// How the service's error codes name the fields of its create form
    /// (`None`: it has no create form).
    fn codes(self) -> Option<Codes>;
}

/// How an NCLUE error code's field is read for a form: the code table names
/// a task's fields; other forms hold the same things under their own names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codes {
    /// The code table's own field names fit (a task; the other services).
    AsTable,
    /// The form's bucket and file fields (empty: it has none).
    Renamed {
        /// Where the bucket goes.
        bucket: &'static str,
        /// Where the file path goes.
        file: &'static str,
    },
}
