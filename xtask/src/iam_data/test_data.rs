//! What the tests of several steps share: a small package with the source's quirks, and the
//! model a decoded catalog describes.

use super::fetch::Files;
use super::model::{ActionModel, Model, ResourceModel, RowModel, ServiceModel};
use plimsoll_lint::iam::data::Catalog;

/// The model a decoded catalog describes.
pub fn from_catalog(c: &Catalog<'_>) -> Model {
    let ids = |list: &[plimsoll_lint::iam::data::KeyId]| {
        list.iter()
            .map(|id| u16::try_from(id.index()).unwrap())
            .collect::<Vec<u16>>()
    };
    Model {
        source: c.source().to_owned(),
        services: c
            .services()
            .iter()
            .map(|s| ServiceModel {
                prefix: s.prefix.to_owned(),
                name: s.name.to_owned(),
                keys: s
                    .condition_keys
                    .iter()
                    .map(|k| (k.name.to_owned(), k.value_type.code()))
                    .collect(),
                resource_types: s
                    .resource_types
                    .iter()
                    .map(|r| ResourceModel {
                        name: r.name.to_owned(),
                        arn: r.arn.to_owned(),
                        keys: ids(&r.condition_keys),
                    })
                    .collect(),
                actions: s
                    .actions
                    .iter()
                    .map(|a| ActionModel {
                        name: a.name.to_owned(),
                        access: a.access_levels.bits(),
                        keys: ids(&a.condition_keys),
                        rows: a
                            .resource_types
                            .iter()
                            .map(|r| RowModel {
                                resource_type: u16::try_from(r.resource_type).unwrap(),
                                required: r.required,
                                keys: ids(&r.condition_keys),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A small package with the source's quirks: lowercased map keys, resource types
/// referenced in another case, templated keys, two access levels, empty lists.
pub fn fake_files() -> Files {
    let mut f = Files::new();
    let mut put = |path: &str, text: &str| {
        f.insert(path.to_owned(), text.as_bytes().to_vec());
    };
    put("services.json", r#"["zeta", "Alpha"]"#);
    put(
        "serviceNames.json",
        r#"{"zeta": "Zeta Service", "Alpha": "Alpha Service", "unused": "x"}"#,
    );
    put(
        "conditionKeys/zeta.json",
        r#"{
          "zeta:b": {"key": "zeta:B", "type": "Bool", "description": "d"},
          "aws:requesttag/${tagkey}": {"key": "aws:RequestTag/${TagKey}", "type": "String"},
          "zeta:tag/<key>": {"key": "zeta:Tag/<key>", "type": "ArrayOfString"}
        }"#,
    );
    put(
        "resourceTypes/zeta.json",
        r#"{
          "widgetmodel": {"key": "widgetModel", "arn": "arn:${Partition}:zeta:::w/${Id}",
                          "conditionKeys": ["zeta:Tag/<key>"]},
          "gadget": {"key": "gadget", "arn": "arn:${Partition}:zeta:::g/${Id}"}
        }"#,
    );
    put(
        "actions/zeta.json",
        r#"{
          "makewidget": {"name": "MakeWidget", "description": "x", "accessLevel": "Tagging, Write",
            "resourceTypes": [
              {"name": "widgetModel", "required": true, "conditionKeys": ["zeta:B"], "dependentActions": []},
              {"name": "gadget", "required": false, "conditionKeys": [], "dependentActions": []}
            ],
            "conditionKeys": ["zeta:b", "aws:RequestTag/${TagKey}"], "dependentActions": []},
          "listwidgets": {"name": "ListWidgets", "accessLevel": "List",
            "resourceTypes": [], "conditionKeys": [], "dependentActions": []}
        }"#,
    );
    put("conditionKeys/Alpha.json", "{}");
    put("resourceTypes/Alpha.json", "{}");
    put("actions/Alpha.json", "{}");
    f
}
