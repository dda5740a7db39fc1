//! JS values to and from the core's [`Value`]: the one place that walks `JsValue`s, used by the
//! API edge for arguments and by the tracker for `data-leadscore-props`. Reading is
//! defensive — throwing getters, cycles and exotic values become `null`, never a trap.

use crate::core::Value;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, whose throw (a hostile Proxy) comes back as `Err`.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(value: &JsValue) -> Result<Array, JsValue>;
    /// `Array.isArray`, whose throw (a revoked Proxy) comes back as `Err`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Deeper than any honest config; stops cycles.
const MAX_DEPTH: usize = 32;
/// Longer than any honest list; stops a Proxy that claims a billion items.
const MAX_ITEMS: f64 = 100_000.0;

/// Reads a JS value.
pub fn from_js(js: &JsValue) -> Value {
    read(js, 0)
}

fn read(js: &JsValue, depth: usize) -> Value {
    if js.is_null() || js.is_undefined() || depth > MAX_DEPTH {
        return Value::Null;
    }
    if let Some(b) = js.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = js.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = js.as_string() {
        return Value::String(s);
    }
    if js.is_function() {
        return Value::Function;
    }
    if !js.is_object() {
        return Value::Null; // symbols, bigints
    }
    // Every access below may run page code (getters, Proxies) and is caught.
    let get = |key: &JsValue| read(&Reflect::get(js, key).unwrap_or(JsValue::NULL), depth + 1);
    match is_array(js) {
        Ok(true) => {
            let length = Reflect::get(js, &"length".into())
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0)
                .clamp(0.0, MAX_ITEMS) as u32;
            Value::Array((0..length).map(|i| get(&JsValue::from(i))).collect())
        }
        Ok(false) => match own_keys(js) {
            Ok(keys) => Value::Object(
                keys.iter()
                    .filter_map(|key| Some((key.as_string()?, get(&key))))
                    .collect(),
            ),
            Err(_) => Value::Null,
        },
        Err(_) => Value::Null,
    }
}

/// Builds the JS value for `value` (functions become `undefined`).
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(entries) => {
            let object = Object::new();
            for (key, v) in entries {
                let (key, value) = (JsValue::from_str(key), to_js(v));
                if key == "__proto__" {
                    // A plain set would change the object's prototype, not add the key.
                    let descriptor = Object::new();
                    let yes = JsValue::TRUE;
                    let fields = [("value", &value), ("enumerable", &yes), ("writable", &yes)];
                    for (name, field) in fields {
                        let _ = Reflect::set(&descriptor, &name.into(), field);
                    }
                    Object::define_property(&object, &key, &descriptor);
                } else {
                    let _ = Reflect::set(&object, &key, &value);
                }
            }
            object.into()
        }
        Value::Function => JsValue::UNDEFINED,
    }
}

/// Parses JSON text; `None` when it is not JSON.
pub fn parse_json(text: &str) -> Option<Value> {
    js_sys::JSON::parse(text).ok().map(|js| from_js(&js))
}

/// JSON text for `value`.
pub fn stringify(value: &Value) -> Option<String> {
    js_sys::JSON::stringify(&to_js(value)).ok()?.as_string()
}
