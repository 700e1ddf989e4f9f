import Foundation

// Library facts: ABI version, format listing and descriptions (quantlab.h).

@_cdecl("quantlab_abi_version")
public func quantlab_abi_version() -> Int32 { 1 }

@_cdecl("quantlab_free")
public func quantlab_free(_ text: UnsafeMutablePointer<CChar>?) { free(text) }

@_cdecl("quantlab_formats")
public func quantlab_formats(_ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                             _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        guard let json else { throw CArgumentError("json is NULL") }
        json.pointee = try FormatDescription.json(FormatDescription.Listing())
    }
}

@_cdecl("quantlab_describe")
public func quantlab_describe(_ spec: UnsafePointer<CChar>?, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                              _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        guard let json else { throw CArgumentError("json is NULL") }
        json.pointee = try FormatDescription.json(FormatDescription(CArguments.string(spec, "spec")))
    }
}
